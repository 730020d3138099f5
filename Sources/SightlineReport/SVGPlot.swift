import Foundation

/// A line chart as a self-contained SVG document: series of (x, y) points on linear or
/// log-10 x axes, "nice" ticks, a legend, and labelled reference lines (a threshold, a
/// range). Text is escaped; numbers are written with fixed precision so the same data give
/// the same bytes.
public struct SVGPlot: Sendable {
    public struct Series: Sendable {
        public var label: String
        public var points: [(x: Double, y: Double)]
        public var colour: String
        public init(label: String, points: [(x: Double, y: Double)], colour: String) {
            self.label = label
            self.points = points
            self.colour = colour
        }
    }

    public struct Marker: Sendable {
        public enum Axis: Sendable { case x, y }
        public var axis: Axis
        public var value: Double
        public var label: String
        public init(axis: Axis, value: Double, label: String) {
            self.axis = axis
            self.value = value
            self.label = label
        }
    }

    /// A shaded range under the lines: at each x, the area from `low` to `high` (e.g. the 5th
    /// to 95th percentile across assumption sets).
    public struct Band: Sendable {
        public var points: [(x: Double, low: Double, high: Double)]
        public var colour: String
        public init(points: [(x: Double, low: Double, high: Double)], colour: String) {
            self.points = points
            self.colour = colour
        }
    }

    public var title: String
    public var xLabel: String
    public var yLabel: String
    public var series: [Series] = []
    public var markers: [Marker] = []
    /// Shaded ranges, drawn beneath the series.
    public var bands: [Band] = []
    public var logX = false
    public var width = 760.0
    public var height = 440.0

    public static let palette = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b"]

    public init(title: String, xLabel: String, yLabel: String, logX: Bool = false) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.logX = logX
    }

    static func fmt(_ v: Double) -> String { String(format: "%.2f", v) }

    /// Ticks at 1, 2 or 5 × 10^k covering [lo, hi].
    static func niceTicks(_ lo: Double, _ hi: Double, count: Int = 6) -> [Double] {
        guard hi > lo else { return [lo] }
        let raw = (hi - lo) / Double(count)
        let step = Markup.niceStep(raw)
        var ticks: [Double] = []
        var t = (lo / step).rounded(.up) * step
        while t <= hi + step * 1e-9 {
            ticks.append(abs(t) < step * 1e-9 ? 0 : t)
            t += step
        }
        return ticks
    }

    static func label(_ v: Double) -> String {
        if v == 0 { return "0" }
        if abs(v) >= 1e4 || abs(v) < 1e-2 { return String(format: "%.0e", v) }
        return v == v.rounded() ? String(format: "%.0f", v) : String(format: "%g", v)
    }

    public func render() -> String {
        let left = 72.0
        let right = 24.0
        let top = 44.0
        let bottom = 58.0
        let pw = width - left - right
        let ph = height - top - bottom
        let bandPoints = bands.flatMap(\.points).flatMap { [(x: $0.x, y: $0.low), (x: $0.x, y: $0.high)] }
        let all = (series.flatMap(\.points) + bandPoints).filter {
            $0.x.isFinite && $0.y.isFinite && (!logX || $0.x > 0)
        }
        var xLo = all.map(\.x).min() ?? 0
        var xHi = all.map(\.x).max() ?? 1
        var yLo = all.map(\.y).min() ?? 0
        var yHi = all.map(\.y).max() ?? 1
        for m in markers where m.value.isFinite {
            if m.axis == .y {
                yLo = min(yLo, m.value)
                yHi = max(yHi, m.value)
            } else if !logX || m.value > 0 {
                xLo = min(xLo, m.value)
                xHi = max(xHi, m.value)
            }
        }
        if yHi == yLo {
            yHi += 1
            yLo -= 1
        }
        if xHi == xLo { xHi += 1 }
        let yPad = (yHi - yLo) * 0.05
        yLo -= yPad
        yHi += yPad
        func tx(_ x: Double) -> Double {
            logX ? left + (log10(x) - log10(xLo)) / (log10(xHi) - log10(xLo)) * pw : left + (x - xLo) / (xHi - xLo) * pw
        }
        func ty(_ y: Double) -> Double { top + (1 - (y - yLo) / (yHi - yLo)) * ph }
        var s = """
            <svg xmlns="http://www.w3.org/2000/svg" width="\(Int(width))" height="\(Int(height))" viewBox="0 0 \
            \(Int(width)) \(Int(height))" font-family="sans-serif" font-size="12">
            <rect width="100%" height="100%" fill="white"/>
            <text x="\(Self.fmt(width / 2))" y="22" text-anchor="middle" font-size="15" \
            font-weight="bold">\(Markup.escape(title))</text>

            """
        // Grid and ticks.
        // Log axes: 1-2-5 ticks over a few decades, powers of ten (thinned) over many.
        let decades = logX ? Int(ceil(log10(xHi))) - Int(floor(log10(xLo))) : 0
        let every = max(1, (decades + 7) / 8)
        let xTicks: [Double] =
            logX
            ? (Int(floor(log10(xLo)))...Int(ceil(log10(xHi)))).flatMap { k -> [Double] in
                if decades > 4 { return k % every == 0 ? [pow(10, Double(k))] : [] }
                return [1.0, 2, 5].map { $0 * pow(10, Double(k)) }
            }.filter { $0 >= xLo * (1 - 1e-12) && $0 <= xHi * (1 + 1e-12) }
            : Self.niceTicks(xLo, xHi)
        for t in xTicks {
            let x = tx(t)
            s +=
                """
                <line x1=\"\(Self.fmt(x))\" y1=\"\(Self.fmt(top))\" x2=\"\(Self.fmt(x))\" \
                y2=\"\(Self.fmt(top + ph))\" stroke=\"#e4e4e4\"/>\n
                """
            s +=
                """
                <text x=\"\(Self.fmt(x))\" y=\"\(Self.fmt(top + ph + 16))\" \
                text-anchor=\"middle\">\(Self.label(t))</text>\n
                """
        }
        for t in Self.niceTicks(yLo, yHi) {
            let y = ty(t)
            s +=
                """
                <line x1=\"\(Self.fmt(left))\" y1=\"\(Self.fmt(y))\" x2=\"\(Self.fmt(left + pw))\" \
                y2=\"\(Self.fmt(y))\" stroke=\"#e4e4e4\"/>\n
                """
            s +=
                """
                <text x=\"\(Self.fmt(left - 6))\" y=\"\(Self.fmt(y + 4))\" \
                text-anchor=\"end\">\(Self.label(t))</text>\n
                """
        }
        s +=
            """
            <rect x=\"\(Self.fmt(left))\" y=\"\(Self.fmt(top))\" width=\"\(Self.fmt(pw))\" \
            height=\"\(Self.fmt(ph))\" fill=\"none\" stroke=\"#444\"/>\n
            """
        s +=
            """
            <text x=\"\(Self.fmt(left + pw / 2))\" y=\"\(Self.fmt(height - 14))\" \
            text-anchor=\"middle\">\(Markup.escape(xLabel))</text>\n
            """
        s +=
            """
            <text transform=\"translate(18 \(Self.fmt(top + ph / 2))) rotate(-90)\" \
            text-anchor=\"middle\">\(Markup.escape(yLabel))</text>\n
            """
        // Markers (labels of vertical markers are staggered so neighbours do not overlap).
        var verticalLabels = 0
        for m in markers where m.value.isFinite {
            if m.axis == .y {
                let y = ty(m.value)
                s +=
                    """
                    <line x1=\"\(Self.fmt(left))\" y1=\"\(Self.fmt(y))\" x2=\"\(Self.fmt(left + pw))\" \
                    y2=\"\(Self.fmt(y))\" stroke=\"#555\" stroke-dasharray=\"6 4\"/>\n
                    """
                s +=
                    """
                    <text x=\"\(Self.fmt(left + pw - 4))\" y=\"\(Self.fmt(y - 5))\" text-anchor=\"end\" \
                    fill=\"#333\">\(Markup.escape(m.label))</text>\n
                    """
            } else if !logX || m.value > 0 {
                let x = tx(m.value)
                s +=
                    """
                    <line x1=\"\(Self.fmt(x))\" y1=\"\(Self.fmt(top))\" x2=\"\(Self.fmt(x))\" \
                    y2=\"\(Self.fmt(top + ph))\" stroke=\"#555\" stroke-dasharray=\"6 4\"/>\n
                    """
                s +=
                    """
                    <text x=\"\(Self.fmt(x + 4))\" y=\"\(Self.fmt(top + 14 + 16 * Double(verticalLabels)))\" \
                    fill=\"#333\">\(Markup.escape(m.label))</text>\n
                    """
                verticalLabels += 1
            }
        }
        // Bands, then series and legend.
        for band in bands {
            let pts = band.points.filter { $0.x.isFinite && $0.low.isFinite && $0.high.isFinite && (!logX || $0.x > 0) }
            guard pts.count >= 2 else { continue }
            let outline =
                pts.map { "\(Self.fmt(tx($0.x))),\(Self.fmt(ty($0.high)))" }
                + pts.reversed().map { "\(Self.fmt(tx($0.x))),\(Self.fmt(ty($0.low)))" }
            s +=
                """
                <polygon class=\"band\" fill=\"\(band.colour)\" fill-opacity=\"0.18\" stroke=\"none\" \
                points=\"\(outline.joined(separator: " "))\"/>\n
                """
        }
        for (i, series) in series.enumerated() {
            let pts = series.points.filter { $0.x.isFinite && $0.y.isFinite && (!logX || $0.x > 0) }
            if !pts.isEmpty {
                let path = pts.map { "\(Self.fmt(tx($0.x))),\(Self.fmt(ty($0.y)))" }.joined(separator: " ")
                s += "<polyline fill=\"none\" stroke=\"\(series.colour)\" stroke-width=\"2\" points=\"\(path)\"/>\n"
            }
            let ly = top + 16 + Double(i) * 18
            s +=
                """
                <line x1=\"\(Self.fmt(left + 10))\" y1=\"\(Self.fmt(ly - 4))\" x2=\"\(Self.fmt(left + 34))\" \
                y2=\"\(Self.fmt(ly - 4))\" stroke=\"\(series.colour)\" stroke-width=\"2\"/>\n
                """
            s += "<text x=\"\(Self.fmt(left + 40))\" y=\"\(Self.fmt(ly))\">\(Markup.escape(series.label))</text>\n"
        }
        s += "</svg>\n"
        return s
    }
}
