internal import CPNG
import Foundation
import SightlineCore

/// An 8-bit RGB raster, encoded to PNG with libpng's simplified API (which reports errors
/// through the image struct instead of longjmp, so nothing unwinds through Swift frames).
public struct RGBImage: Sendable {
    public let width: Int
    public let height: Int
    /// Row-major RGB triplets.
    public var pixels: [UInt8]

    public init(width: Int, height: Int, background: RGB = RGB(255, 255, 255)) {
        precondition(
            width > 0 && height > 0 && width <= 1 << 15 && height <= 1 << 15,
            "image dimensions must be from 1 to 32768"
        )
        self.width = width
        self.height = height
        pixels = [UInt8](repeating: 0, count: width * height * 3)
        for i in 0..<(width * height) {
            pixels[3 * i] = background.r
            pixels[3 * i + 1] = background.g
            pixels[3 * i + 2] = background.b
        }
    }

    @inlinable
    public mutating func set(_ x: Int, _ y: Int, _ c: RGB) {
        guard x >= 0 && y >= 0 && x < width && y < height else { return }
        let i = 3 * (y * width + x)
        pixels[i] = c.r
        pixels[i + 1] = c.g
        pixels[i + 2] = c.b
    }

    public func pixel(_ x: Int, _ y: Int) -> RGB {
        let i = 3 * (y * width + x)
        return RGB(pixels[i], pixels[i + 1], pixels[i + 2])
    }

    /// Fills the part of the rectangle that lies on the image (any position or size: what
    /// falls outside, or a negative size, draws nothing).
    public mutating func fillRect(x: Int, y: Int, width w: Int, height h: Int, _ c: RGB) {
        guard w > 0, h > 0 else { return }
        let x0 = max(0, x)
        let y0 = max(0, y)
        let x1 = min(width, x > Int.max - w ? Int.max : x + w)
        let y1 = min(height, y > Int.max - h ? Int.max : y + h)
        guard x1 > x0, y1 > y0 else { return }
        for yy in y0..<y1 {
            for xx in x0..<x1 { set(xx, yy, c) }
        }
    }

    /// `v` as a pixel coordinate clamped to `range` (NaN to its lower end), so that no
    /// value computed from input can trap in a conversion to Int.
    public static func coordinate(_ v: Double, in range: ClosedRange<Int>) -> Int {
        guard !v.isNaN else { return range.lowerBound }
        return Int(min(Double(range.upperBound), max(Double(range.lowerBound), v.rounded(.down))))
    }

    /// The PNG encoding of the image.
    public func pngData() throws -> Data {
        var image = png_image()
        image.version = UInt32(PNG_IMAGE_VERSION)
        image.width = UInt32(width)
        image.height = UInt32(height)
        image.format = UInt32(PNG_FORMAT_RGB)
        var size = 0
        let stride = Int32(width * 3)
        let ok = pixels.withUnsafeBytes { raw in
            png_image_write_to_memory(&image, nil, &size, 0, raw.baseAddress, stride, nil)
        }
        guard ok != 0, size > 0 else { throw encodeError(&image) }
        var data = Data(count: size)
        let written = data.withUnsafeMutableBytes { out in
            pixels.withUnsafeBytes { raw in
                png_image_write_to_memory(&image, out.baseAddress, &size, 0, raw.baseAddress, stride, nil)
            }
        }
        guard written != 0 else { throw encodeError(&image) }
        png_image_free(&image)
        data.count = size
        return data
    }

    /// Writes the PNG to `path` atomically.
    public func writePNG(to path: String) throws {
        try AtomicFile.write(pngData(), to: path)
    }

    private func encodeError(_ image: inout png_image) -> SightlineError {
        let message = withUnsafeBytes(of: &image.message) { raw in
            String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
        }
        png_image_free(&image)
        return SightlineError(
            .writeFailed,
            location: "PNG encoder",
            message: "libpng failed: \(message)",
            fix: "report this as a bug with the image size \(width)×\(height)"
        )
    }
}

/// An 8-bit colour.
public struct RGB: Sendable, Equatable {
    public var r: UInt8, g: UInt8, b: UInt8
    public init(_ r: UInt8, _ g: UInt8, _ b: UInt8) {
        self.r = r
        self.g = g
        self.b = b
    }
    public static let black = RGB(0, 0, 0)
    public static let white = RGB(255, 255, 255)
}
