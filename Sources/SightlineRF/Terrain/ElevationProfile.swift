import Foundation
import SightlineCore

/// Ground elevation along a path: `elevationsMeters[i]` at `distancesMeters[i]` from the
/// transmitter end (ascending, starting at 0).
public struct ElevationProfile: Sendable, Equatable {
    public var distancesMeters: [Double]
    public var elevationsMeters: [Double]

    public init(distancesMeters: [Double], elevationsMeters: [Double]) {
        precondition(distancesMeters.count == elevationsMeters.count && distancesMeters.count >= 2)
        self.distancesMeters = distancesMeters
        self.elevationsMeters = elevationsMeters
    }

    public var lengthMeters: Double { distancesMeters.last ?? 0 }

    /// Elevation at distance `d` (linear interpolation; clamped to the ends).
    public func elevation(at d: Double) -> Double {
        if d <= distancesMeters[0] { return elevationsMeters[0] }
        if d >= lengthMeters { return elevationsMeters[elevationsMeters.count - 1] }
        var lo = 0
        var hi = distancesMeters.count - 1
        while hi - lo > 1 {
            let mid = (lo + hi) / 2
            if distancesMeters[mid] <= d { lo = mid } else { hi = mid }
        }
        let f = (d - distancesMeters[lo]) / (distancesMeters[hi] - distancesMeters[lo])
        return elevationsMeters[lo] + f * (elevationsMeters[hi] - elevationsMeters[lo])
    }

    /// The first `d` metres of the profile, ending exactly at `d`.
    public func truncated(to d: Double) -> ElevationProfile {
        var ds: [Double] = []
        var hs: [Double] = []
        for (x, h) in zip(distancesMeters, elevationsMeters) where x < d {
            ds.append(x)
            hs.append(h)
        }
        ds.append(d)
        hs.append(elevation(at: d))
        if ds.count < 2 {
            ds.insert(0, at: 0)
            hs.insert(elevationsMeters[0], at: 0)
        }
        return ElevationProfile(distancesMeters: ds, elevationsMeters: hs)
    }

    // MARK: Synthetic terrain

    /// Flat ground at `elevation`, sampled every `stepMeters`.
    public static func flat(lengthMeters: Double, elevation: Double = 0, stepMeters: Double = 50) -> ElevationProfile {
        let n = max(2, Int((lengthMeters / stepMeters).rounded(.up)) + 1)
        let ds = (0..<n).map { min(lengthMeters, Double($0) * stepMeters) }
        return ElevationProfile(distancesMeters: ds, elevationsMeters: Array(repeating: elevation, count: n))
    }

    /// A ridge: a raised-cosine hill of `heightMeters` and base width `widthMeters` centred at
    /// `atMeters` on flat ground (width → 0 gives a knife edge).
    public static func ridge(
        lengthMeters: Double,
        atMeters: Double,
        heightMeters: Double,
        widthMeters: Double,
        baseElevation: Double = 0,
        stepMeters: Double = 25
    ) -> ElevationProfile {
        var p = flat(lengthMeters: lengthMeters, elevation: baseElevation, stepMeters: stepMeters)
        for i in p.distancesMeters.indices {
            let x = p.distancesMeters[i] - atMeters
            if widthMeters > 0 && abs(x) < widthMeters / 2 {
                p.elevationsMeters[i] += heightMeters * 0.5 * (1 + cos(2 * Double.pi * x / widthMeters))
            }
        }
        if widthMeters <= 0 || !p.distancesMeters.contains(atMeters) {
            // Insert the crest itself so a sharp ridge is never missed between samples.
            let j = p.distancesMeters.firstIndex { $0 > atMeters } ?? p.distancesMeters.count
            p.distancesMeters.insert(atMeters, at: j)
            p.elevationsMeters.insert(baseElevation + heightMeters, at: j)
        }
        return p
    }

    /// A valley: the path runs down into a raised-cosine depression `depthMeters` deep and
    /// `widthMeters` wide centred at `atMeters` (ends on the rims).
    public static func valley(
        lengthMeters: Double,
        atMeters: Double,
        depthMeters: Double,
        widthMeters: Double,
        rimElevation: Double = 0,
        stepMeters: Double = 25
    ) -> ElevationProfile {
        var p = flat(lengthMeters: lengthMeters, elevation: rimElevation, stepMeters: stepMeters)
        for i in p.distancesMeters.indices {
            let x = p.distancesMeters[i] - atMeters
            if abs(x) < widthMeters / 2 {
                p.elevationsMeters[i] -= depthMeters * 0.5 * (1 + cos(2 * Double.pi * x / widthMeters))
            }
        }
        return p
    }

    // MARK: CSV

    /// Reads a profile CSV: a header `distance_m,elevation_m`, then one row per point with
    /// distances ascending from 0. Errors name the file, the line and the fix.
    public static func readCSV(path: String) throws -> ElevationProfile {
        let data = try InputFile.contents(
            of: path,
            what: "profile file",
            limit: 64 << 20,
            fix: "give an existing CSV with columns distance_m,elevation_m"
        )
        guard let text = String(data: data, encoding: .utf8) else {
            throw SightlineError(
                .unreadableFile,
                location: path,
                message: "cannot read the profile file as UTF-8 text",
                fix: "give an existing CSV with columns distance_m,elevation_m"
            )
        }
        var ds: [Double] = []
        var hs: [Double] = []
        for (n, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            if n == 0 || line.lowercased().hasPrefix("distance") {
                guard line.replacingOccurrences(of: " ", with: "").lowercased() == "distance_m,elevation_m" else {
                    throw SightlineError(
                        .malformedFile,
                        location: "\(path):\(n + 1)",
                        field: "header",
                        message: "expected the header distance_m,elevation_m",
                        fix: "make the first line distance_m,elevation_m"
                    )
                }
                continue
            }
            let cols = line.split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces)) }
            guard cols.count == 2, let d = cols[0], let h = cols[1], d.isFinite, h.isFinite else {
                throw SightlineError(
                    .malformedFile,
                    location: "\(path):\(n + 1)",
                    field: "row",
                    message: "\"\(line)\" is not two numbers",
                    fix: "write distance_m,elevation_m as numbers"
                )
            }
            guard d >= 0, d > (ds.last ?? -1) else {
                throw SightlineError(
                    .invalidValue,
                    location: "\(path):\(n + 1)",
                    field: "distance_m",
                    message: "\(d) does not increase from the previous row",
                    fix: "sort the rows by distance, starting at 0"
                )
            }
            ds.append(d)
            hs.append(h)
        }
        guard ds.count >= 2, ds[0] == 0 else {
            throw SightlineError(
                .malformedFile,
                location: path,
                field: "rows",
                message: "a profile needs at least two rows, the first at distance 0",
                fix: "add the transmitter end (0) and more points"
            )
        }
        return ElevationProfile(distancesMeters: ds, elevationsMeters: hs)
    }
}
