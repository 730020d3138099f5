import Foundation
import SightlineCore
import SightlineTestSupport
import Testing

@testable import SightlineReport

@Suite struct PNGTests {
    @Test func encodesAValidPNG() throws {
        var image = RGBImage(width: 7, height: 3)
        image.set(6, 2, RGB(1, 2, 3))
        let data = try image.pngData()
        #expect(Array(data.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        // IHDR: width and height, big-endian, at bytes 16…23.
        let bytes = Array(data)
        let width = bytes[16..<20].reduce(0) { $0 << 8 | Int($1) }
        let height = bytes[20..<24].reduce(0) { $0 << 8 | Int($1) }
        #expect(width == 7 && height == 3)
    }

    @Test func writesAtomically() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("a.png").path
        try RGBImage(width: 2, height: 2).writePNG(to: path)
        #expect(FileManager.default.fileExists(atPath: path))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.contains("partial") }
        #expect(leftovers.isEmpty)
        #expect(throws: SightlineError.self) {
            try RGBImage(width: 2, height: 2).writePNG(to: "/nonexistent-dir/a.png")
        }
    }
}

@Suite struct WaterfallTests {
    /// Combining never drops a frame: with max, every frame's peak survives; with mean, the
    /// grid's total equals the frames' total divided by frames per row.
    @Test func combiningKeepsEveryFrame() {
        let bins = 8
        let frames = 1000
        var values = [Float](repeating: 1, count: bins * frames)
        values[777 * bins + 3] = 50  // a one-frame burst
        var maxGrid = WaterfallGrid(bins: bins, expectedFrames: frames, maxRows: 100, combine: .max)
        var meanGrid = WaterfallGrid(bins: bins, expectedFrames: frames, maxRows: 100, combine: .mean)
        values.withUnsafeBufferPointer { all in
            for start in stride(from: 0, to: frames, by: 37) {
                let n = min(37, frames - start)
                let part = UnsafeBufferPointer(rebasing: all[(start * bins)..<((start + n) * bins)])
                maxGrid.add(frames: part)
                meanGrid.add(frames: part)
            }
        }
        maxGrid.finish()
        meanGrid.finish()
        #expect(maxGrid.rows == 100 && maxGrid.framesPerRow == 10)
        #expect(maxGrid.values[77 * bins + 3] == 50)
        #expect(maxGrid.values.filter { $0 == 50 }.count == 1)
        #expect(abs(meanGrid.values[77 * bins + 3] - (9 + 50) / 10) < 1e-6)
    }

    @Test func wideSpectraAreCombinedAcrossBins() {
        var grid = WaterfallGrid(bins: 4096, expectedFrames: 1, maxColumns: 1024)
        #expect(grid.columns == 1024 && grid.binsPerColumn == 4)
        var row = [Float](repeating: 0, count: 4096)
        row[4095] = 9
        row.withUnsafeBufferPointer { grid.add(frames: $0) }
        grid.finish()
        #expect(grid.values.last == 9)
    }

    @Test func rendersLabelledImage() throws {
        var grid = WaterfallGrid(bins: 64, expectedFrames: 50)
        let frames = (0..<(64 * 50)).map { Float(1 + $0 % 64) }
        frames.withUnsafeBufferPointer { grid.add(frames: $0) }
        grid.finish()
        let image = WaterfallRenderer(
            title: "T",
            frequencyRangeHz: 899e6...901e6,
            durationS: 0.5,
            dBRange: 0...(10 * log10(64.0))
        ).render(grid)
        #expect(image.width > 512 && image.height >= 50 + 100)
        // The lowest bin is the scale's bottom colour, the highest its top.
        #expect(image.pixel(WaterfallRenderer.left, WaterfallRenderer.top) == Colormap.viridis(0))
        #expect(
            image.pixel(
                WaterfallRenderer.left + image.width - WaterfallRenderer.left - WaterfallRenderer.right - 1,
                WaterfallRenderer.top
            ) == Colormap.viridis(1)
        )
        _ = try image.pngData()
    }

    @Test func niceTicks() {
        #expect(Markup.niceStep(0.13) == 0.2)
        #expect(Markup.niceStep(3) == 5)
        #expect(Markup.niceStep(7) == 10)
        #expect(Markup.niceStep(13, atMost: true) == 10)
        #expect(Markup.niceStep(47, atMost: true) == 20)
        #expect(Markup.niceStep(600, atMost: true) == 500)
    }
}

/// Nothing a recording or a file name can hold makes the waterfall trap or draw off the
/// canvas (a title wider than the image used to, through `fillRect`'s range).
@Suite struct WaterfallRobustnessTests {
    @Test func titlesFitTheirWidth() {
        for n in [0, 5, 40, 400] {
            let text = String(repeating: "ü", count: n) + " 12 DETECTIONS"
            for width in [0, 10, 100, 1000] {
                let shown = BitmapFont.fit(text, maxWidth: width, scale: 2)
                #expect(
                    BitmapFont.width(of: shown, scale: 2) <= max(width, 0) || shown.count <= 3,
                    "\(n) \(width) \(shown)"
                )
            }
        }
        #expect(
            BitmapFont.fit("A-LONG-NAME.SIGMF-META  4 DETECTIONS", maxWidth: 300, scale: 2).hasSuffix("4 DETECTIONS")
        )
    }

    @Test(arguments: [Float(0), 1, .greatestFiniteMagnitude, .infinity, .nan])
    func oddValuesAndAxes(value: Float) {
        var grid = WaterfallGrid(bins: 1, expectedFrames: Int.max)
        [value].withUnsafeBufferPointer { grid.add(frames: $0) }
        grid.finish()
        for (range, duration) in [
            (0.0...0.0, 0.0), (-1e300...1e300, Double.infinity), (900e6...900e6, Double.nan),
            (1.0...2.0, 5e-324),
        ] {
            var r = WaterfallRenderer(
                title: String(repeating: "W", count: 500),
                frequencyRangeHz: range,
                durationS: duration
            )
            r.boxes = [(0...Double.greatestFiniteMagnitude, -Double.infinity...Double.infinity)]
            let image = r.render(grid)
            #expect(image.width > 0 && image.height > 0)
        }
        var image = RGBImage(width: 10, height: 10)
        image.fillRect(x: Int.max - 3, y: 5, width: 100, height: 100, RGB(0, 0, 0))
        image.fillRect(x: -50, y: -50, width: 10, height: Int.max, RGB(0, 0, 0))
        image.fillRect(x: 20, y: 20, width: -5, height: 5, RGB(0, 0, 0))
        #expect(image.pixel(0, 0) == RGB(255, 255, 255))
    }
}

/// The plan view with non-finite or enormous places (`locate --truth-east-m nan --map-svg`
/// trapped converting the scale bar's length to Int).
@Suite struct SVGMapRobustnessTests {
    @Test(arguments: [Double.nan, .infinity, -.infinity, 1e308, -1.7e308])
    func oddPlacesStillRender(value: Double) {
        var map = SVGMap(title: "odd")
        map.lines = [.init(east: 0, north: 0, azimuthDegrees: 45), .init(east: 100, north: 0, azimuthDegrees: 315)]
        map.fix = (50, 50)
        map.ellipse = (10, 5, 30)
        map.truth = (value, value)
        map.sensors = [(value, 0)]
        let svg = map.render()
        #expect(svg.hasPrefix("<svg") && svg.hasSuffix("</svg>\n"))
        #expect(!svg.contains("nan") && !svg.contains("inf"))
    }

    /// The extent of ordinary places is unchanged: the scale bar of a 100 m spread.
    @Test func ordinaryPlacesKeepTheirScale() {
        var map = SVGMap(title: "plain")
        map.lines = [.init(east: 0, north: 0, azimuthDegrees: 45), .init(east: 100, north: 0, azimuthDegrees: 315)]
        map.truth = (50, 50)
        #expect(map.render().contains(">20 m</text>"))
    }
}
