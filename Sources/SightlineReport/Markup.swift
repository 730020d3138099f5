import Foundation

/// Text helpers shared by the SVG and HTML writers.
enum Markup {
    /// `s` escaped for XML/HTML text and attribute values (& < > ").
    static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    /// A round step for axes and scale bars, 1, 2 or 5 times a power of ten: the smallest at
    /// least `raw` or, with `atMost`, the largest at most `raw`; 1 for a non-positive or
    /// non-finite `raw`.
    static func niceStep(_ raw: Double, atMost: Bool = false) -> Double {
        guard raw > 0 && raw.isFinite else { return 1 }
        let p = pow(10, floor(log10(raw)))
        if atMost {
            for m in [5.0, 2, 1] where m * p <= raw { return m * p }
            return p
        }
        for m in [1.0, 2, 5, 10] where m * p >= raw { return m * p }
        return 10 * p
    }
}
