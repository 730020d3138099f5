import Foundation
import SightlineCore

/// What `sightline locate` computes: a fix from bearings (or from signal levels), with the
/// warnings a reader needs, as a `FixDocument`, plus the likelihood map when one was made.
public enum LocateStudy {
    /// How a fix is made.
    public enum Method: String, Sendable, CaseIterable {
        case ls, stansfield, ml, robust, map, rss

        /// The methods that take bearings.
        public var usesBearings: Bool { self != .rss }
    }

    /// The result: the document, the bearings or levels it used, and the map (map method,
    /// or when asked for).
    public struct Result: Sendable {
        public var document: FixDocument
        public var fix: PositionFix
        public var bearings: [BearingObservation]
        public var levels: [RSSLocalizer.Reading]
        public var map: LikelihoodMap?
        /// Bearings skipped because they were unresolved (no sigma).
        public var skipped: Int
    }

    /// The resolved bearings of a bearings document, and how many unresolved ones it had.
    public static func resolvedBearings(_ doc: BearingsDocument) -> (bearings: [BearingObservation], skipped: Int) {
        var skipped = 0
        var list: [BearingObservation] = []
        for b in doc.bearings {
            guard b.isResolved, let sigma = b.sigmaDegrees else {
                skipped += 1
                continue
            }
            list.append(
                BearingObservation(
                    eastMeters: b.sensor.eastMeters,
                    northMeters: b.sensor.northMeters,
                    azimuthDegrees: b.azimuthDegrees,
                    sigmaDegrees: sigma
                )
            )
        }
        return (list, skipped)
    }

    /// The square searched by the grid methods: centred on the sensors, half-width given or
    /// twice their spread (at least 1 km).
    public static func region(
        around places: [(Double, Double)],
        halfWidth: Double?
    )
        -> (
            east: ClosedRange<Double>, north: ClosedRange<Double>, centre: (east: Double, north: Double),
            halfWidth: Double
        )
    {
        let r = LikelihoodMap.defaultRegion(around: places, halfWidth: halfWidth)
        let (ce, cn, h) = (r.centre.east, r.centre.north, r.halfWidth)
        return ((ce - h)...(ce + h), (cn - h)...(cn + h), r.centre, h)
    }

    /// A fix from bearings. `regionHalfWidthMeters` fixes the map's square (nil: it grows
    /// until the posterior is inside); `wantsMap` makes the map for any method (a heat map).
    public static func fix(
        bearings: [BearingObservation],
        skipped: Int = 0,
        method: Method,
        regionHalfWidthMeters: Double? = nil,
        wantsMap: Bool = false,
        location: String = "bearings"
    ) throws -> Result {
        precondition(method.usesBearings, "rss takes levels")
        let region = Self.region(
            around: bearings.map { ($0.eastMeters, $0.northMeters) },
            halfWidth: regionHalfWidthMeters
        )
        var map: LikelihoodMap?
        var warnings: [String] = []
        var search: LikelihoodMap.Search?
        if method == .map || wantsMap {
            guard !bearings.isEmpty else {
                throw SightlineError(
                    .invalidValue,
                    location: location,
                    field: "bearings",
                    message: "no resolved bearings",
                    fix: "take at least one bearing"
                )
            }
            // With one or two bearings an outlier cannot be told from a good bearing, and the
            // outlier floor would only spread the posterior over the whole region.
            let s = LikelihoodMap.search(
                bearings: bearings,
                centre: region.centre,
                halfWidthMeters: region.halfWidth,
                grow: regionHalfWidthMeters == nil,
                outlierProbability: bearings.count < 3 ? 0 : 0.02
            )
            map = s.map
            search = s
        }
        let fix: PositionFix
        var outliers: [Int]?
        switch method {
        case .robust:
            let fit = try BearingLocalizer.robustFit(bearings)
            fix = fit.fix
            let dropped = bearings.indices.filter { !fit.inliers.contains($0) }
            outliers = dropped
            if !dropped.isEmpty {
                let listed = dropped.prefix(20).map(String.init).joined(separator: ", ")
                let more = dropped.count > 20 ? ", … (all in the fix's outliers)" : ""
                warnings.append(
                    """
                    dropped \(dropped.count) bearing(s) inconsistent with their sigma (χ², p = 0.001): \
                    \(listed)\(more)
                    """
                )
            }
        case .map: fix = map!.posterior()
        case .ls: fix = try BearingLocalizer.fix(bearings, method: .ls)
        case .stansfield: fix = try BearingLocalizer.fix(bearings, method: .stansfield)
        case .ml, .rss: fix = try BearingLocalizer.fix(bearings, method: .ml)
        }
        var body = FixDocument.Fix(fix, method: method.rawValue)
        body.bearings = bearings.count
        body.outliers = outliers
        if method == .map, let search {
            let half = (search.eastRange.upperBound - search.eastRange.lowerBound) / 2
            body.regionMeters = half
            body.edgeMass = search.edgeMass
            body.atEdge = search.atEdge
            if search.atEdge {
                let advice =
                    regionHalfWidthMeters == nil
                    ? "take bearings from places that cross at the emitter" : "give a larger region, or leave it out"
                warnings.append(
                    String(
                        format:
                            """
                            the posterior reaches the edge of the %.0f m square (%.2g of its mass in the outer \
                            ring): the emitter may lie outside and the ellipse is cut off; %@
                            """,
                        half,
                        search.edgeMass,
                        advice
                    )
                )
            }
        }
        if method != .map {
            let ratio = fix.majorSigmaPerRange(sensors: bearings.map { ($0.eastMeters, $0.northMeters) })
            if ratio.isFinite { body.majorSigmaPerRange = ratio }
            if ratio > PositionFix.linearLimit {
                warnings.append(
                    String(
                        format:
                            """
                            the ellipse's major-axis sigma is %.0f %% of the range: the ellipse linearises the \
                            bearings and covers less than 95 %% this far out; the map method gives the posterior
                            """,
                        100 * ratio
                    )
                )
            }
        }
        if skipped > 0 { body.unresolvedSkipped = skipped }
        if !warnings.isEmpty { body.warnings = warnings }
        return Result(
            document: FixDocument(fix: body),
            fix: fix,
            bearings: bearings,
            levels: [],
            map: map,
            skipped: skipped
        )
    }

    /// A fix from signal levels: log-distance ML with its Cramér–Rao covariance.
    public static func fix(
        levels: [RSSLocalizer.Reading],
        exponent: Double,
        shadowingDB: Double,
        regionHalfWidthMeters: Double? = nil
    ) throws -> Result {
        let region = Self.region(
            around: levels.map { ($0.eastMeters, $0.northMeters) },
            halfWidth: regionHalfWidthMeters
        )
        let position = try RSSLocalizer.fix(
            levels,
            exponent: exponent,
            eastRange: region.east,
            northRange: region.north
        )
        let covariance = try RSSLocalizer.covariance(
            levels,
            eastMeters: position.eastMeters,
            northMeters: position.northMeters,
            exponent: exponent,
            shadowingDB: shadowingDB
        )
        let fix = PositionFix(
            eastMeters: position.eastMeters,
            northMeters: position.northMeters,
            covariance: covariance
        )
        var body = FixDocument.Fix(fix, method: Method.rss.rawValue)
        body.levels = levels.count
        body.exponent = exponent
        body.shadowingDB = shadowingDB
        return Result(document: FixDocument(fix: body), fix: fix, bearings: [], levels: levels, map: nil, skipped: 0)
    }
}

extension RSSLocalizer {
    /// Reads a level file: CSV with the columns `east_m`, `north_m`, `level_dbm` (any order,
    /// other columns ignored, `#` comments and blank lines skipped). Every problem is a
    /// one-line error naming the file and the line.
    public static func readings(path: String) throws -> [Reading] {
        let fix = "give a CSV with the header east_m,north_m,level_dbm"
        let data = try InputFile.contents(of: path, what: "level file", limit: 64 << 20, fix: fix)
        guard let text = String(data: data, encoding: .utf8) else {
            throw SightlineError(.malformedFile, location: path, message: "the level file is not UTF-8 text", fix: fix)
        }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
            .map { ($0.offset + 1, $0.element.trimmingCharacters(in: .whitespacesAndNewlines)) }
            .filter { !$0.1.isEmpty && !$0.1.hasPrefix("#") }
        guard let (_, first) = lines.first else {
            throw SightlineError(
                .malformedFile,
                location: path,
                field: "header",
                message: "the file is empty",
                fix: "start the file with the line east_m,north_m,level_dbm"
            )
        }
        let header = first.split(separator: ",", omittingEmptySubsequences: false).map {
            $0.trimmingCharacters(in: .whitespaces)
        }
        guard let ie = header.firstIndex(of: "east_m"), let iN = header.firstIndex(of: "north_m"),
            let il = header.firstIndex(of: "level_dbm")
        else {
            throw SightlineError(
                .malformedFile,
                location: path,
                field: "header",
                message: "needs the columns east_m, north_m and level_dbm",
                fix: "start the file with the line east_m,north_m,level_dbm"
            )
        }
        var readings: [Reading] = []
        for (number, line) in lines.dropFirst() {
            let f = line.split(separator: ",", omittingEmptySubsequences: false).map {
                Double($0.trimmingCharacters(in: .whitespaces))
            }
            guard f.count == header.count, let e = f[ie], let n = f[iN], let l = f[il], e.isFinite, n.isFinite,
                l.isFinite
            else {
                throw SightlineError(
                    .malformedFile,
                    location: "\(path):\(number)",
                    field: "row",
                    message: "needs \(header.count) numbers",
                    fix: "write east_m,north_m,level_dbm as plain numbers"
                )
            }
            readings.append(Reading(eastMeters: e, northMeters: n, levelDBm: l))
        }
        return readings
    }
}
