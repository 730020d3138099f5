import Foundation

/// Writes a file so that readers see either nothing or the whole of it: the bytes go to a
/// temporary name in the same folder, which is renamed over the target only when complete.
public enum AtomicFile {
    /// Writes `data` to `path` atomically.
    public static func write(_ data: Data, to path: String) throws {
        try write(to: path) { handle in handle.write(data) }
    }

    /// Writes a UTF-8 string to `path` atomically.
    public static func write(_ text: String, to path: String) throws {
        try write(Data(text.utf8), to: path)
    }

    /// Streams content into `path`: `body` writes through the handle; on any error the
    /// temporary file is removed and the target is left untouched.
    public static func write(to path: String, _ body: (FileHandle) throws -> Void) throws {
        let url = URL(fileURLWithPath: path)
        let directory = url.deletingLastPathComponent()
        let temporary = directory.appendingPathComponent(
            ".\(url.lastPathComponent).partial-\(ProcessInfo.processInfo.processIdentifier)")
        let fm = FileManager.default
        guard fm.createFile(atPath: temporary.path, contents: nil) else {
            throw SightlineError(
                .writeFailed, location: path, message: "cannot create the output file",
                fix: "check that the folder \(directory.path) exists and is writable")
        }
        do {
            let handle = try FileHandle(forWritingTo: temporary)
            do {
                try body(handle)
                try handle.close()
            } catch {
                try? handle.close()
                throw error
            }
            // rename(2) replaces the target in one step.
            guard rename(temporary.path, url.path) == 0 else {
                throw SightlineError(
                    .writeFailed, location: path, message: "cannot move the finished file into place",
                    fix: "check permissions on \(directory.path)")
            }
        } catch {
            try? fm.removeItem(at: temporary)
            if let e = error as? SightlineError { throw e }
            throw SightlineError(
                .writeFailed, location: path, message: "writing failed (\(error.localizedDescription))",
                fix: "check free disk space and permissions")
        }
    }
}
