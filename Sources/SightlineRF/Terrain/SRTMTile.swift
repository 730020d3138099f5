import Foundation
import SightlineCore

/// An SRTM elevation tile (`.hgt`): a square grid of big-endian signed 16-bit heights in
/// metres, 1201 × 1201 samples at 3″ or 3601 × 3601 at 1″, rows from north to south,
/// covering one degree whose south-west corner the file name gives (`N41E129.hgt`).
/// −32768 marks a void. (NASA/USGS SRTM documentation, "SRTM Topography", 2003.)
public struct SRTMTile: Sendable {
    public let southWestLatitude: Int
    public let southWestLongitude: Int
    public let samplesPerSide: Int
    let heights: [Int16]

    public static let void: Int16 = -32768

    public init(path: String) throws {
        let name = ((path as NSString).lastPathComponent as NSString).deletingPathExtension.uppercased()
        guard let (lat, lon) = Self.parseName(name) else {
            throw SightlineError(
                .invalidValue,
                location: path,
                field: "file name",
                message: "not an SRTM tile name",
                fix: "name tiles like N41E129.hgt (south-west corner)"
            )
        }
        let data = try InputFile.contents(
            of: path,
            what: "SRTM tile",
            limit: 3601 * 3601 * 2,
            fix: "download the tile (e.g. from USGS EarthExplorer) into the terrain folder"
        )
        let side: Int
        switch data.count {
        case 1201 * 1201 * 2: side = 1201
        case 3601 * 3601 * 2: side = 3601
        default:
            throw SightlineError(
                .malformedFile,
                location: path,
                field: "size",
                message: "\(data.count) bytes is neither a 3″ tile (2884802 bytes) nor a 1″ tile (25934402 bytes)",
                fix: "re-download the tile; it may be truncated or compressed (unzip .hgt.zip first)"
            )
        }
        southWestLatitude = lat
        southWestLongitude = lon
        samplesPerSide = side
        heights = data.withUnsafeBytes { raw in
            (0..<(side * side)).map { Int16(bigEndian: raw.loadUnaligned(fromByteOffset: 2 * $0, as: Int16.self)) }
        }
    }

    static func parseName(_ name: String) -> (Int, Int)? {
        let chars = Array(name)
        guard chars.count == 7, "NS".contains(chars[0]), "EW".contains(chars[3]),
            let lat = Int(String(chars[1...2])), let lon = Int(String(chars[4...6]))
        else { return nil }
        return (chars[0] == "N" ? lat : -lat, chars[3] == "E" ? lon : -lon)
    }

    /// The file name of the tile holding a point.
    public static func name(latitude: Double, longitude: Double) -> String {
        let lat = Int(latitude.rounded(.down))
        let lon = Int(longitude.rounded(.down))
        return String(format: "%@%02d%@%03d.hgt", lat >= 0 ? "N" : "S", abs(lat), lon >= 0 ? "E" : "W", abs(lon))
    }

    /// Bilinear elevation at a point inside the tile; nil where a void touches it.
    public func elevation(latitude: Double, longitude: Double) -> Double? {
        let n = Double(samplesPerSide - 1)
        let x = (longitude - Double(southWestLongitude)) * n
        let y = (Double(southWestLatitude + 1) - latitude) * n  // rows run north → south
        guard x >= 0, y >= 0, x <= n, y <= n else { return nil }
        let c0 = min(Int(x), samplesPerSide - 2)
        let r0 = min(Int(y), samplesPerSide - 2)
        let fx = x - Double(c0)
        let fy = y - Double(r0)
        let h = [
            heights[r0 * samplesPerSide + c0], heights[r0 * samplesPerSide + c0 + 1],
            heights[(r0 + 1) * samplesPerSide + c0], heights[(r0 + 1) * samplesPerSide + c0 + 1],
        ]
        guard !h.contains(Self.void) else { return nil }
        let top = Double(h[0]) * (1 - fx) + Double(h[1]) * fx
        let bottom = Double(h[2]) * (1 - fx) + Double(h[3]) * fx
        return top * (1 - fy) + bottom * fy
    }
}

/// A folder of SRTM tiles, loaded on demand.
public final class SRTMTerrain {
    public let folder: String
    private var tiles: [String: SRTMTile] = [:]

    public init(folder: String) throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw SightlineError(
                .fileNotFound,
                location: folder,
                message: "no such terrain folder",
                fix: "give a folder holding SRTM .hgt tiles"
            )
        }
        self.folder = folder
    }

    public func elevation(latitude: Double, longitude: Double) throws -> Double {
        let name = SRTMTile.name(latitude: latitude, longitude: longitude)
        if tiles[name] == nil {
            tiles[name] = try SRTMTile(path: (folder as NSString).appendingPathComponent(name))
        }
        guard let h = tiles[name]!.elevation(latitude: latitude, longitude: longitude) else {
            throw SightlineError(
                .invalidValue,
                location: (folder as NSString).appendingPathComponent(name),
                field: "elevation",
                message: "void (no data) at \(latitude), \(longitude)",
                fix: "use a void-filled tile (SRTM v3 / SRTMGL1)"
            )
        }
        return h
    }

    /// The profile between two points, sampled every `stepMeters` along the great circle
    /// (equirectangular interpolation, accurate to well under a sample for paths < 100 km).
    public func profile(
        from a: (latitude: Double, longitude: Double),
        to b: (latitude: Double, longitude: Double),
        stepMeters: Double = 30
    ) throws -> ElevationProfile {
        let earth = 6_371_000.0
        let lat0 = (a.latitude + b.latitude) / 2 * Double.pi / 180
        let dy = (b.latitude - a.latitude) * Double.pi / 180 * earth
        let dx = (b.longitude - a.longitude) * Double.pi / 180 * earth * cos(lat0)
        let length = (dx * dx + dy * dy).squareRoot()
        let n = max(2, Int((length / stepMeters).rounded(.up)) + 1)
        var ds: [Double] = []
        var hs: [Double] = []
        for i in 0..<n {
            let f = Double(i) / Double(n - 1)
            ds.append(f * length)
            hs.append(
                try elevation(
                    latitude: a.latitude + f * (b.latitude - a.latitude),
                    longitude: a.longitude + f * (b.longitude - a.longitude)
                )
            )
        }
        return ElevationProfile(distancesMeters: ds, elevationsMeters: hs)
    }
}
