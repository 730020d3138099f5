import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Checks on a file before it is read: it exists, it is a regular file after following
/// symbolic links (a directory, a FIFO or a device is refused, so that nothing hangs or
/// reads garbage), and it is readable. Sizes are the target's, not a link's.
public enum InputFile {
    /// The size in bytes of the regular file at `path` (links followed), or a one-line
    /// error naming the file: missing, not a regular file, or not readable.
    @discardableResult
    public static func size(of path: String, what: String = "file", fix: String? = nil) throws -> Int {
        var info = stat()
        guard stat(path, &info) == 0 else {
            let missing = errno == ENOENT || errno == ENOTDIR
            throw SightlineError(
                missing ? .fileNotFound : .unreadableFile,
                location: path,
                message: missing ? "no such \(what)" : "cannot stat the \(what) (\(String(cString: strerror(errno))))",
                fix: fix ?? (missing ? "give the path of an existing \(what)" : "check its permissions")
            )
        }
        let type = info.st_mode & S_IFMT
        guard type == S_IFREG else {
            let kind =
                type == S_IFDIR
                ? "a directory"
                : type == S_IFIFO
                    ? "a FIFO (named pipe)"
                    : type == S_IFCHR || type == S_IFBLK
                        ? "a device" : type == S_IFSOCK ? "a socket" : "not a regular file"
            throw SightlineError(
                .unreadableFile,
                location: path,
                message: "is \(kind), not a regular \(what)",
                fix: "give the path of a regular file (copy a stream to a file first)"
            )
        }
        guard access(path, R_OK) == 0 else {
            throw SightlineError(
                .unreadableFile,
                location: path,
                message: "the \(what) is not readable",
                fix: "check its permissions"
            )
        }
        return Int(info.st_size)
    }

    /// The contents of the regular file at `path`, refused above `limit` bytes.
    public static func contents(
        of path: String,
        what: String = "file",
        limit: Int = 256 << 20,
        fix: String? = nil
    ) throws -> Data {
        let bytes = try size(of: path, what: what, fix: fix)
        guard bytes <= limit else {
            throw SightlineError(
                .invalidValue,
                location: path,
                field: "size",
                message: "\(bytes) bytes is larger than the \(limit >> 20) MiB a \(what) may have",
                fix: "check that this is the right file"
            )
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw SightlineError(
                .unreadableFile,
                location: path,
                message: "cannot read the \(what)",
                fix: "check its permissions"
            )
        }
        return data
    }
}
