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
            ".\(url.lastPathComponent).partial-\(ProcessInfo.processInfo.processIdentifier)"
        )
        let fm = FileManager.default
        guard fm.createFile(atPath: temporary.path, contents: nil) else {
            throw SightlineError(
                .writeFailed,
                location: path,
                message: "cannot create the output file",
                fix: "check that the folder \(directory.path) exists and is writable"
            )
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
                    .writeFailed,
                    location: path,
                    message: "cannot move the finished file into place",
                    fix: "check permissions on \(directory.path)"
                )
            }
        } catch {
            try? fm.removeItem(at: temporary)
            if let e = error as? SightlineError { throw e }
            throw SightlineError(
                .writeFailed,
                location: path,
                message: "writing failed (\(error.localizedDescription))",
                fix: "check free disk space and permissions"
            )
        }
    }

    /// Refuses, before any work is done, output paths that would destroy an input or cannot
    /// be written as a regular file: an output equal to an input (after following links;
    /// a SigMF base name stands for its .sigmf-meta and .sigmf-data), two outputs that are
    /// the same file, an existing output that is not a regular file (a directory, a
    /// device), and an output whose folder does not exist.
    public static func checkOutputs(_ outputs: [String?], inputs: [String]) throws {
        func resolved(_ path: String) -> String {
            let url = URL(fileURLWithPath: path).standardizedFileURL
            let folder = url.deletingLastPathComponent().resolvingSymlinksInPath()
            let full = folder.appendingPathComponent(url.lastPathComponent)
            return full.resolvingSymlinksInPath().path
        }
        var protected: Set<String> = []
        for input in inputs {
            protected.insert(resolved(input))
            for ext in [".sigmf-meta", ".sigmf-data"] {
                var base = input
                for known in [".sigmf-meta", ".sigmf-data"] where base.hasSuffix(known) { base.removeLast(known.count) }
                protected.insert(resolved(base + ext))
            }
        }
        var seen: Set<String> = []
        let fm = FileManager.default
        for case let output? in outputs {
            let path = resolved(output)
            guard !protected.contains(path) else {
                throw SightlineError(
                    .invalidValue,
                    location: output,
                    message: "is an input of this command",
                    fix: "write the output to another file"
                )
            }
            guard seen.insert(path).inserted else {
                throw SightlineError(
                    .invalidValue,
                    location: output,
                    message: "is given for two outputs",
                    fix: "give each output its own file"
                )
            }
            var isDirectory: ObjCBool = false
            let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
            guard fm.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
                throw SightlineError(
                    .writeFailed,
                    location: output,
                    message: "its folder does not exist",
                    fix: "create \(folder) first"
                )
            }
            if let type = (try? fm.attributesOfItem(atPath: path))?[.type] as? FileAttributeType, type != .typeRegular {
                throw SightlineError(
                    .invalidValue,
                    location: output,
                    message: "exists and is not a regular file",
                    fix: "give the path of a file to create or replace"
                )
            }
        }
    }
}
