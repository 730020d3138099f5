import Foundation

/// A tornado chart as a self-contained SVG document: one horizontal bar per factor, from the
/// answer with the factor at its low value to the answer at its high value, about a vertical
/// line at the nominal answer, sorted with the widest swing on top. Text is escaped; numbers
/// have fixed precision, so the same data give the same bytes.
public struct SVGTornado: Sendable {
    public struct Bar: Sendable {
        public var label: String
        /// The answer with the factor at its low and at its high value.
        public var atLow: Double
        public var atHigh: Double
        public init(label: String, atLow: Double, atHigh: Double) {
            self.label = label
            self.atLow = atLow
            self.atHigh = atHigh
        }
        public var swing: Double { abs(atHigh - atLow) }
    }

    public var title: String
    public var xLabel: String
    public var nominal: Double
    public var nominalLabel: String
    public var lowLabel: String
    public var highLabel: String
    public var bars: [Bar]
    public var width = 760.0
    /// The x axis runs over this range (probabilities: 0 to 1).
    public var range: ClosedRange<Double> = 0...1

    public init(
        title: String,
        xLabel: String,
        nominal: Double,
        nominalLabel: String,
        lowLabel: String,
        highLabel: String,
        bars: [Bar]
    ) {
        self.title = title
        self.xLabel = xLabel
        self.nominal = nominal
        self.nominalLabel = nominalLabel
        self.lowLabel = lowLabel
        self.highLabel = highLabel
        self.bars = bars
    }

    /// The bars, widest swing first (ties keep their order).
    public var sorted: [Bar] {
        bars.enumerated().sorted {
            $0.element.swing != $1.element.swing ? $0.element.swing > $1.element.swing : $0.offset < $1.offset
        }
        .map(\.element)
    }

    public func render() -> String {
        let f = SVGPlot.fmt
        // Room for the longest label at about 6.6 px per character of 12 px sans-serif
        // (Latin; a Hangul syllable is about twice as wide).
        let longest =
            bars.map { b in b.label.unicodeScalars.reduce(0.0) { $0 + ($1.value >= 0x1100 ? 12 : 6.6) } }
            .max() ?? 0
        let left = min(max(120, longest + 16), width * 0.55)
        let right = 24.0
        let top = 64.0
        let row = 26.0
        let pw = width - left - right
        let rows = sorted
        let height = top + row * Double(max(1, rows.count)) + 56
        func tx(_ v: Double) -> Double {
            left + (min(max(v, range.lowerBound), range.upperBound) - range.lowerBound)
                / (range.upperBound - range.lowerBound) * pw
        }
        var s = """
            <svg xmlns="http://www.w3.org/2000/svg" class="tornado" width="\(Int(width))" height="\(Int(height))" \
            viewBox="0 0 \(Int(width)) \(Int(height))" font-family="sans-serif" font-size="12">
            <rect width="100%" height="100%" fill="white"/>
            <text x="\(f(width / 2))" y="22" text-anchor="middle" font-size="15" \
            font-weight="bold">\(Markup.escape(title))</text>

            """
        // Legend.
        s += "<rect x=\"\(f(left))\" y=\"34\" width=\"14\" height=\"10\" fill=\"\(SVGPlot.palette[0])\"/>"
        s += "<text x=\"\(f(left + 20))\" y=\"43\">\(Markup.escape(lowLabel))</text>\n"
        s += "<rect x=\"\(f(left + 160))\" y=\"34\" width=\"14\" height=\"10\" fill=\"\(SVGPlot.palette[1])\"/>"
        s += "<text x=\"\(f(left + 180))\" y=\"43\">\(Markup.escape(highLabel))</text>\n"
        let bottom = top + row * Double(max(1, rows.count))
        for t in SVGPlot.niceTicks(range.lowerBound, range.upperBound, count: 5) {
            s +=
                "<line x1=\"\(f(tx(t)))\" y1=\"\(f(top))\" x2=\"\(f(tx(t)))\" y2=\"\(f(bottom))\" stroke=\"#e4e4e4\"/>"
            s += "<text x=\"\(f(tx(t)))\" y=\"\(f(bottom + 16))\" text-anchor=\"middle\">\(SVGPlot.label(t))</text>\n"
        }
        for (i, b) in rows.enumerated() {
            let y = top + row * Double(i)
            s +=
                """
                <text x=\"\(f(left - 8))\" y=\"\(f(y + row / 2 + 4))\" \
                text-anchor=\"end\">\(Markup.escape(b.label))</text>\n
                """
            for (v, colour) in [(b.atLow, SVGPlot.palette[0]), (b.atHigh, SVGPlot.palette[1])] {
                let x0 = min(tx(nominal), tx(v))
                let w = abs(tx(v) - tx(nominal))
                s +=
                    """
                    <rect x=\"\(f(x0))\" y=\"\(f(y + 4))\" width=\"\(f(max(w, 1)))\" height=\"\(f(row - 8))\" \
                    fill=\"\(colour)\" fill-opacity=\"0.85\"/>\n
                    """
            }
        }
        s +=
            """
            <line x1=\"\(f(tx(nominal)))\" y1=\"\(f(top - 6))\" x2=\"\(f(tx(nominal)))\" y2=\"\(f(bottom))\" \
            stroke=\"#222\" stroke-width=\"1.5\"/>\n
            """
        s +=
            """
            <text x=\"\(f(tx(nominal) + 4))\" y=\"\(f(top - 8))\" \
            fill=\"#222\">\(Markup.escape(nominalLabel))</text>\n
            """
        s +=
            """
            <text x=\"\(f(left + pw / 2))\" y=\"\(f(height - 12))\" \
            text-anchor=\"middle\">\(Markup.escape(xLabel))</text>\n
            """
        s += "</svg>\n"
        return s
    }
}
