internal import CFFTW
import Foundation

/// FFTW wisdom: the planner's measurements, saved so that `FFTW_MEASURE` planning is paid
/// once per machine rather than once per process.
///
/// The wisdom file is `$SIGHTLINE_FFTW_WISDOM` when that is set (an empty value turns
/// wisdom files off), else `$XDG_CACHE_HOME/sightline/<file>`, else `~/.cache/sightline/<file>`,
/// where `<file>` is ``fileName``: one per FFTW build (its version string names its SIMD
/// levels), so Debian's FFTW and one built for the machine never read each other's wisdom.
/// ``FFTPlanCache`` loads it before its first plan and saves it after each new measured plan.
public enum FFTWisdom {
    public static let environmentVariable = "SIGHTLINE_FFTW_WISDOM"

    /// Where wisdom is loaded from and saved to, or nil when wisdom files are turned off.
    public static var defaultPath: String? {
        let env = ProcessInfo.processInfo.environment
        if let explicit = env[environmentVariable] { return explicit.isEmpty ? nil : explicit }
        if let xdg = env["XDG_CACHE_HOME"], !xdg.isEmpty { return xdg + "/sightline/" + fileName }
        if let home = env["HOME"], !home.isEmpty { return home + "/.cache/sightline/" + fileName }
        return nil
    }

    /// `fftw3f-<FFTW's version string>.wisdom`, e.g. `fftw3f-fftw-3.3.10-sse2-avx.wisdom`.
    public static var fileName: String {
        let version = FFTLibrary.version.map { $0.isLetter || $0.isNumber || $0 == "." || $0 == "-" ? $0 : "_" }
        return "fftw3f-" + String(version) + ".wisdom"
    }

    /// Merges the wisdom in `path` into the planner's. Returns false if the file is absent
    /// or not valid wisdom (which FFTW then ignores).
    @discardableResult
    public static func load(from path: String) -> Bool {
        FFTPlanCache.plannerLock.withLock { _ in importUnlocked(from: path) }
    }

    /// Writes the planner's accumulated wisdom to `path` (atomically).
    public static func save(to path: String) {
        FFTPlanCache.plannerLock.withLock { _ in exportUnlocked(to: path) }
    }

    static func importUnlocked(from path: String) -> Bool {
        guard FileManager.default.fileExists(atPath: path) else { return false }
        return fftwf_import_wisdom_from_filename(path) != 0
    }

    static func exportUnlocked(to path: String) {
        let url = URL(fileURLWithPath: path)
        try? FileManager.default.createDirectory(
            at: url.deletingLastPathComponent(),
            withIntermediateDirectories: true
        )
        let temporary = path + ".partial-\(ProcessInfo.processInfo.processIdentifier)"
        if fftwf_export_wisdom_to_filename(temporary) != 0 {
            if rename(temporary, path) != 0 { unlink(temporary) }
        } else {
            unlink(temporary)
        }
    }
}
