import Foundation
import Sightline

/// A one-line progress bar on stderr, drawn only when stderr is a terminal (so logs and
/// pipes never fill with carriage returns).
struct ProgressBar {
    let label: String
    let enabled: Bool
    private var lastPercent = -1

    init(label: String) {
        self.label = label
        enabled = isatty(2) != 0
    }

    mutating func update(done: Int, total: Int) {
        guard enabled, total > 0 else { return }
        let percent = Int(Double(done) / Double(total) * 100)
        guard percent != lastPercent else { return }
        lastPercent = percent
        let width = 30
        let filled = percent * width / 100
        let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
        FileHandle.standardError.write(Data("\r\(label) [\(bar)] \(percent)%".utf8))
        if done >= total { FileHandle.standardError.write(Data("\n".utf8)) }
    }
}
