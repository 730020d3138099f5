import Foundation
import SightlineCore

/// Reduces a stream of spectrogram frames to an image-sized grid without dropping any:
/// consecutive frames are combined into one row and adjacent bins into one column, by
/// maximum (keeps short bursts visible) or by mean (keeps the noise floor's level).
public struct WaterfallGrid: Sendable {
    public enum Combine: String, Sendable, CaseIterable { case max, mean }

    public let bins: Int
    public let columns: Int
    public let binsPerColumn: Int
    public let framesPerRow: Int
    public let combine: Combine
    /// Linear power, rows × columns, row-major; filled as frames arrive.
    public private(set) var values: [Float]
    public private(set) var rows = 0
    private var framesInRow = 0
    private var rowAccumulator: [Float]

    /// - Parameters:
    ///   - expectedFrames: frames that will be added (sets frames per row).
    ///   - maxRows, maxColumns: the largest grid wanted.
    public init(bins: Int, expectedFrames: Int, maxRows: Int = 720, maxColumns: Int = 1024, combine: Combine = .max) {
        precondition(bins > 0 && maxRows > 0 && maxColumns > 0)
        self.bins = bins
        binsPerColumn = max(1, (bins + maxColumns - 1) / maxColumns)
        columns = (bins + binsPerColumn - 1) / binsPerColumn
        framesPerRow = max(1, expectedFrames / maxRows + (expectedFrames % maxRows > 0 ? 1 : 0))
        self.combine = combine
        values = []
        values.reserveCapacity(min(maxRows, max(1, expectedFrames)) * columns)
        rowAccumulator = [Float](repeating: combine == .max ? -.infinity : 0, count: columns)
    }

    /// Adds frames: `frames` holds whole rows of `bins` values.
    public mutating func add(frames: UnsafeBufferPointer<Float>) {
        let count = frames.count / bins
        let (bins, columns, perColumn, isMax) = (self.bins, self.columns, binsPerColumn, combine == .max)
        for f in 0..<count {
            rowAccumulator.withUnsafeMutableBufferPointer { acc in
                let frame = UnsafeBufferPointer(rebasing: frames[(f * bins)..<((f + 1) * bins)])
                if perColumn == 1 {
                    if isMax {
                        for c in 0..<columns { acc[c] = Swift.max(acc[c], frame[c]) }
                    } else {
                        for c in 0..<columns { acc[c] += frame[c] }
                    }
                } else {
                    for c in 0..<columns {
                        let lo = c * perColumn
                        let hi = Swift.min(bins, lo + perColumn)
                        var v: Float = isMax ? -.infinity : 0
                        for k in lo..<hi { v = isMax ? Swift.max(v, frame[k]) : v + frame[k] }
                        acc[c] = isMax ? Swift.max(acc[c], v) : acc[c] + v / Float(hi - lo)
                    }
                }
            }
            framesInRow += 1
            if framesInRow == framesPerRow { flushRow() }
        }
    }

    /// Closes a partly filled last row.
    public mutating func finish() {
        if framesInRow > 0 { flushRow() }
    }

    private mutating func flushRow() {
        let divisor = combine == .mean ? Float(framesInRow) : 1
        values.append(contentsOf: rowAccumulator.map { $0 / divisor })
        for c in 0..<columns { rowAccumulator[c] = combine == .max ? -.infinity : 0 }
        framesInRow = 0
        rows += 1
    }
}

/// Draws a waterfall: time down, frequency across, a dB colour scale with its legend.
public struct WaterfallRenderer: Sendable {
    public var title: String
    /// Absolute frequency of the first and last column centres, Hz.
    public var frequencyRangeHz: ClosedRange<Double>
    /// Time span covered by the rows, seconds.
    public var durationS: Double
    /// Colour scale limits in dB; nil picks them from the data (5th percentile − 3 dB to
    /// the maximum).
    public var dBRange: ClosedRange<Double>?
    public var unitLabel: String
    /// Rectangles to outline (detections): time span in seconds from the start, frequency
    /// span in absolute Hz.
    public var boxes: [(time: ClosedRange<Double>, frequency: ClosedRange<Double>)] = []

    public init(
        title: String,
        frequencyRangeHz: ClosedRange<Double>,
        durationS: Double,
        dBRange: ClosedRange<Double>? = nil,
        unitLabel: String = "DB"
    ) {
        self.title = title
        self.frequencyRangeHz = frequencyRangeHz
        self.durationS = durationS
        self.dBRange = dBRange
        self.unitLabel = unitLabel
    }

    static let scale = 2
    static let left = 110, top = 40, bottom = 70, right = 130

    /// Renders `grid` (linear power) to an image. Every coordinate derived from the data,
    /// the axes or the title is clipped to the canvas: no value can trap or draw outside.
    public func render(_ grid: WaterfallGrid) -> RGBImage {
        let s = Self.scale
        let columns = max(1, grid.columns)
        let plotW = min(4096, max(columns, min(1024, columns * max(1, 512 / columns))))
        let plotH = min(4096, max(1, grid.rows))
        var image = RGBImage(width: Self.left + plotW + Self.right, height: Self.top + plotH + Self.bottom)
        let dB = grid.values.map { $0 > 0 && $0.isFinite ? Decibels.fromPowerRatio(Double($0)) : ($0 > 0 ? 400 : -400) }
        let range =
            dBRange.flatMap { $0.lowerBound.isFinite && $0.upperBound.isFinite ? $0 : nil } ?? Self.autoRange(dB)
        let span = max(1e-9, range.upperBound - range.lowerBound)
        for y in 0..<min(plotH, grid.rows) {
            for x in 0..<plotW {
                let c = min(grid.columns - 1, x * grid.columns / plotW)
                let t = (dB[y * grid.columns + c] - range.lowerBound) / span
                image.set(Self.left + x, Self.top + y, Colormap.viridis(t))
            }
        }
        func px(_ v: Double) -> Int { RGBImage.coordinate(v, in: -1...(image.width + 1)) }
        func py(_ v: Double) -> Int { RGBImage.coordinate(v, in: -1...(image.height + 1)) }
        // Detection boxes: white outlines, at least 3 px so that short bursts stay visible.
        let boxInk = RGB(255, 255, 255)
        let f0Box = frequencyRangeHz.lowerBound
        let fSpan = max(1e-12, frequencyRangeHz.upperBound - frequencyRangeHz.lowerBound)
        let duration = durationS.isFinite && durationS > 0 ? durationS : 0
        for box in boxes where duration > 0 && fSpan.isFinite {
            let x0 = px(Double(Self.left) + ((box.frequency.lowerBound - f0Box) / fSpan) * Double(plotW - 1))
            let x1 = max(
                x0 + 2,
                px(Double(Self.left) + ((box.frequency.upperBound - f0Box) / fSpan) * Double(plotW - 1))
            )
            let y0 = py(Double(Self.top) + (box.time.lowerBound / duration) * Double(plotH - 1))
            let y1 = max(y0 + 2, py(Double(Self.top) + (box.time.upperBound / duration) * Double(plotH - 1)))
            let cx0 = max(Self.left, x0)
            let cx1 = min(Self.left + plotW - 1, x1)
            let cy0 = max(Self.top, y0)
            let cy1 = min(Self.top + plotH - 1, y1)
            guard cx1 >= cx0 && cy1 >= cy0 else { continue }
            image.fillRect(x: cx0, y: cy0, width: cx1 - cx0 + 1, height: 1, boxInk)
            image.fillRect(x: cx0, y: cy1, width: cx1 - cx0 + 1, height: 1, boxInk)
            image.fillRect(x: cx0, y: cy0, width: 1, height: cy1 - cy0 + 1, boxInk)
            image.fillRect(x: cx1, y: cy0, width: 1, height: cy1 - cy0 + 1, boxInk)
        }
        let ink = RGB(20, 20, 20)
        // Frame.
        image.fillRect(x: Self.left - 1, y: Self.top - 1, width: plotW + 2, height: 1, ink)
        image.fillRect(x: Self.left - 1, y: Self.top + plotH, width: plotW + 2, height: 1, ink)
        image.fillRect(x: Self.left - 1, y: Self.top - 1, width: 1, height: plotH + 2, ink)
        image.fillRect(x: Self.left + plotW, y: Self.top - 1, width: 1, height: plotH + 2, ink)
        let shownTitle = BitmapFont.fit(title, maxWidth: plotW + 10, scale: s)
        BitmapFont.draw(shownTitle, x: Self.left, y: 12, scale: s, color: ink, into: &image)
        // Frequency axis (MHz), ticks at a round step.
        let f0 = frequencyRangeHz.lowerBound
        let f1 = frequencyRangeHz.upperBound
        for f in Self.ticks(from: f0, to: f1, count: 6) {
            let x = px(Double(Self.left) + ((f - f0) / max(1e-12, f1 - f0)) * Double(plotW - 1))
            image.fillRect(x: x, y: Self.top + plotH, width: 1, height: 6, ink)
            let label = Self.format(f / 1e6, step: Markup.niceStep((f1 - f0) / 6) / 1e6)
            BitmapFont.draw(
                label,
                x: x - BitmapFont.width(of: label, scale: s) / 2,
                y: Self.top + plotH + 10,
                scale: s,
                color: ink,
                into: &image
            )
        }
        let fLabel = "FREQUENCY (MHZ)"
        BitmapFont.draw(
            fLabel,
            x: Self.left + plotW / 2 - BitmapFont.width(of: fLabel, scale: s) / 2,
            y: Self.top + plotH + 40,
            scale: s,
            color: ink,
            into: &image
        )
        // Time axis (s), down.
        if duration > 0 {
            let tStep = Markup.niceStep(duration / 6)
            for t in Self.ticks(from: 0, to: duration, count: 6) {
                let y = py(Double(Self.top) + (t / duration) * Double(plotH - 1))
                image.fillRect(x: Self.left - 6, y: y, width: 6, height: 1, ink)
                let label = Self.format(t, step: tStep)
                BitmapFont.draw(
                    label,
                    x: Self.left - 10 - BitmapFont.width(of: label, scale: s),
                    y: y - 7,
                    scale: s,
                    color: ink,
                    into: &image
                )
            }
        }
        let tLabel = "TIME (S)"
        BitmapFont.drawVertical(
            tLabel,
            x: 8,
            y: Self.top + plotH / 2 - BitmapFont.width(of: tLabel, scale: s) / 2,
            scale: s,
            color: ink,
            into: &image
        )
        // Legend: a vertical colour bar with dB ticks.
        let barX = Self.left + plotW + 20
        let barW = 20
        for y in 0..<plotH {
            let v = 1 - Double(y) / Double(max(1, plotH - 1))
            image.fillRect(x: barX, y: Self.top + y, width: barW, height: 1, Colormap.viridis(v))
        }
        let dStep = Markup.niceStep(span / 5)
        for d in Self.ticks(from: range.lowerBound, to: range.upperBound, count: 5) {
            let y = py(Double(Self.top) + (1 - (d - range.lowerBound) / span) * Double(plotH - 1))
            image.fillRect(x: barX + barW, y: y, width: 5, height: 1, ink)
            BitmapFont.draw(
                Self.format(d, step: dStep),
                x: barX + barW + 8,
                y: y - 7,
                scale: s,
                color: ink,
                into: &image
            )
        }
        BitmapFont.draw(unitLabel, x: barX, y: Self.top - 20, scale: s, color: ink, into: &image)
        return image
    }

    /// Round tick positions from `lo` to `hi` about `count` apart (none for a non-finite or
    /// empty range, and never more than 50).
    static func ticks(from lo: Double, to hi: Double, count: Int) -> [Double] {
        guard lo.isFinite, hi.isFinite, hi >= lo else { return [] }
        let step = Markup.niceStep((hi - lo) / Double(count))
        var t = (lo / step).rounded(.up) * step
        var out: [Double] = []
        while t <= hi + 1e-9 * step && out.count < 50 {
            out.append(t)
            let next = t + step
            if next == t { break }
            t = next
        }
        return out
    }

    /// Colour limits from the data: 5th percentile − 3 dB up to the maximum (at least 10 dB).
    static func autoRange(_ dB: [Double]) -> ClosedRange<Double> {
        let finite = dB.filter { $0 > -399 && $0 < 399 }.sorted()
        guard let top = finite.last else { return -100...0 }
        let low = finite[finite.count / 20] - 3
        return min(low, top - 10)...top
    }

    static func format(_ value: Double, step: Double) -> String {
        let exponent = log10(step)
        let decimals = exponent.isFinite ? max(0, min(6, Int(max(-10, min(10, -floor(exponent)))))) : 0
        let v = abs(value) < step * 1e-6 ? 0 : value
        return String(format: "%.\(decimals)f", v)
    }
}
