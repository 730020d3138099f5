import Foundation

/// A plan view (east right, north up) of bearing lines, a fix and its 95 % ellipse, as SVG.
public struct SVGMap: Sendable {
    public struct Line: Sendable {
        public var east: Double, north: Double, azimuthDegrees: Double
        public init(east: Double, north: Double, azimuthDegrees: Double) {
            self.east = east
            self.north = north
            self.azimuthDegrees = azimuthDegrees
        }
    }
    public var title: String
    public var lines: [Line] = []
    public var fix: (east: Double, north: Double)?
    /// Semi-axes (m) and orientation of the major axis (degrees clockwise from north).
    public var ellipse: (major: Double, minor: Double, orientationDegrees: Double)?
    public var truth: (east: Double, north: Double)?
    /// A heat map under everything else: cell values (row-major from the south-west corner)
    /// over a rectangle; drawn with opacity proportional to value/max, cells under 1 % of the
    /// peak left out.
    public var heat: Heat?
    /// Places without a bearing (e.g. signal-strength readings), drawn as squares.
    public var sensors: [(east: Double, north: Double)] = []
    /// Closed paths (a patrol's loop), drawn as dashed polygons.
    public var loops: [[(east: Double, north: Double)]] = []
    /// Text beside a place.
    public var labels: [(east: Double, north: Double, text: String)] = []
    /// What the truth marker is called ("truth" by default).
    public var truthLabel = "truth"
    public var size = 640.0

    public struct Heat: Sendable {
        public var eastRange: ClosedRange<Double>, northRange: ClosedRange<Double>
        public var columns: Int, rows: Int, values: [Double]
        public init(
            eastRange: ClosedRange<Double>,
            northRange: ClosedRange<Double>,
            columns: Int,
            rows: Int,
            values: [Double]
        ) {
            self.eastRange = eastRange
            self.northRange = northRange
            self.columns = columns
            self.rows = rows
            self.values = values
        }
    }

    public init(title: String) { self.title = title }

    public func render() -> String {
        var xs = lines.map(\.east)
        var ys = lines.map(\.north)
        if let fix {
            xs.append(fix.east)
            ys.append(fix.north)
        }
        if let truth {
            xs.append(truth.east)
            ys.append(truth.north)
        }
        for p in sensors {
            xs.append(p.east)
            ys.append(p.north)
        }
        for loop in loops {
            for p in loop {
                xs.append(p.east)
                ys.append(p.north)
            }
        }
        if let heat {
            xs += [heat.eastRange.lowerBound, heat.eastRange.upperBound]
            ys += [heat.northRange.lowerBound, heat.northRange.upperBound]
        }
        // Non-finite places (a NaN truth from the command line, say) are left out of the
        // extent, and the extent is kept finite, so that no scale or label can trap.
        xs = xs.filter(\.isFinite)
        ys = ys.filter(\.isFinite)
        let rawSpan = max((xs.max() ?? 1) - (xs.min() ?? 0), (ys.max() ?? 1) - (ys.min() ?? 0), 10) * 1.3
        let span = rawSpan.isFinite ? rawSpan : Double.greatestFiniteMagnitude
        let cx = ((xs.max() ?? 0) + (xs.min() ?? 0)) / 2
        let cy = ((ys.max() ?? 0) + (ys.min() ?? 0)) / 2
        let margin = 40.0
        let inner = size - 2 * margin
        func px(_ e: Double) -> Double { margin + (e - cx + span / 2) / span * inner }
        func py(_ n: Double) -> Double { margin + (cy + span / 2 - n) / span * inner }
        func f(_ v: Double) -> String { String(format: "%.1f", v.isFinite ? max(-1e9, min(1e9, v)) : -1e9) }
        var s = """
            <svg xmlns="http://www.w3.org/2000/svg" width="\(Int(size))" height="\(Int(size))" viewBox="0 0 \
            \(Int(size)) \(Int(size))" font-family="sans-serif" font-size="12">
            <rect width="100%" height="100%" fill="white"/>
            <text x="\(f(size / 2))" y="22" text-anchor="middle" font-size="15" \
            font-weight="bold">\(Markup.escape(title))</text>
            <rect x="\(f(margin))" y="\(f(margin))" width="\(f(inner))" height="\(f(inner))" fill="none" stroke="#888"/>

            """
        // Scale bar: a round length about a fifth of the view.
        let bar = Markup.niceStep(span / 5, atMost: true)
        s +=
            """
            <line x1=\"\(f(margin + 10))\" y1=\"\(f(size - margin - 12))\" \
            x2=\"\(f(margin + 10 + bar / span * inner))\" y2=\"\(f(size - margin - 12))\" stroke=\"black\" \
            stroke-width=\"2\"/>\n
            """
        s += "<text x=\"\(f(margin + 10))\" y=\"\(f(size - margin - 18))\">\(String(format: "%.0f", bar)) m</text>\n"
        s += "<text x=\"\(f(size - margin - 10))\" y=\"\(f(margin + 16))\" text-anchor=\"end\">N ↑</text>\n"
        if let heat, heat.values.count == heat.rows * heat.columns, let peak = heat.values.filter(\.isFinite).max(),
            peak > 0
        {
            let cw = (heat.eastRange.upperBound - heat.eastRange.lowerBound) / Double(heat.columns)
            let ch = (heat.northRange.upperBound - heat.northRange.lowerBound) / Double(heat.rows)
            s += "<g shape-rendering=\"crispEdges\">\n"
            for r in 0..<heat.rows {
                for c in 0..<heat.columns {
                    let v = heat.values[r * heat.columns + c] / peak
                    guard v >= 0.01 && v.isFinite else { continue }
                    let e = heat.eastRange.lowerBound + Double(c) * cw
                    let n = heat.northRange.lowerBound + Double(r + 1) * ch
                    s +=
                        """
                        <rect x=\"\(f(px(e)))\" y=\"\(f(py(n)))\" width=\"\(f(cw / span * inner + 0.3))\" \
                        height=\"\(f(ch / span * inner + 0.3))\" fill=\"#ff7f0e\" \
                        fill-opacity=\"\(String(format: "%.2f", v))\"/>\n
                        """
                }
            }
            s += "</g>\n"
        }
        for loop in loops where loop.count >= 2 {
            let points = loop.map { "\(f(px($0.east))),\(f(py($0.north)))" }.joined(separator: " ")
            s +=
                """
                <polygon points=\"\(points)\" fill=\"none\" stroke=\"#9467bd\" stroke-width=\"1.5\" \
                stroke-dasharray=\"6 4\"/>\n
                """
        }
        for p in sensors {
            s +=
                """
                <rect x=\"\(f(px(p.east) - 5))\" y=\"\(f(py(p.north) - 5))\" width=\"10\" height=\"10\" \
                fill=\"#9467bd\"/>\n
                """
        }
        for l in labels {
            s +=
                """
                <text x=\"\(f(px(l.east) + 8))\" y=\"\(f(py(l.north) - 8))\" \
                fill=\"#444\">\(Markup.escape(l.text))</text>\n
                """
        }
        for l in lines {
            let t = l.azimuthDegrees * .pi / 180
            let length = span * 1.5
            let (x2, y2) = (f(px(l.east + length * sin(t))), f(py(l.north + length * cos(t))))
            s += "<line x1=\"\(f(px(l.east)))\" y1=\"\(f(py(l.north)))\" x2=\"\(x2)\" y2=\"\(y2)\""
            s += " stroke=\"#1f77b4\" stroke-width=\"1.5\"/>\n"
            s += "<circle cx=\"\(f(px(l.east)))\" cy=\"\(f(py(l.north)))\" r=\"5\" fill=\"#1f77b4\"/>\n"
        }
        if let fix, let e = ellipse {
            let rx = e.major / span * inner
            let ry = e.minor / span * inner
            // SVG rotates clockwise from +x; the major axis is at `orientation` clockwise from north.
            s +=
                """
                <ellipse cx=\"\(f(px(fix.east)))\" cy=\"\(f(py(fix.north)))\" rx=\"\(f(max(rx, 1)))\" \
                ry=\"\(f(max(ry, 1)))\" transform=\"rotate(\(f(e.orientationDegrees - 90)) \(f(px(fix.east))) \
                \(f(py(fix.north))))\" fill=\"#d6272822\" stroke=\"#d62728\"/>\n
                """
        }
        if let fix {
            s += "<circle cx=\"\(f(px(fix.east)))\" cy=\"\(f(py(fix.north)))\" r=\"4\" fill=\"#d62728\"/>\n"
            s += "<text x=\"\(f(px(fix.east) + 8))\" y=\"\(f(py(fix.north) - 8))\" fill=\"#d62728\">fix</text>\n"
        }
        if let truth {
            s +=
                """
                <path d=\"M \(f(px(truth.east) - 6)) \(f(py(truth.north) - 6)) L \(f(px(truth.east) + 6)) \
                \(f(py(truth.north) + 6)) M \(f(px(truth.east) - 6)) \(f(py(truth.north) + 6)) L \
                \(f(px(truth.east) + 6)) \(f(py(truth.north) - 6))\" stroke=\"#2ca02c\" stroke-width=\"2\"/>\n
                """
            s +=
                """
                <text x=\"\(f(px(truth.east) + 8))\" y=\"\(f(py(truth.north) + 16))\" \
                fill=\"#2ca02c\">\(Markup.escape(truthLabel))</text>\n
                """
        }
        s += "</svg>\n"
        return s
    }
}
