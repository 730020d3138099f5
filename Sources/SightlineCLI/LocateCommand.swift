import ArgumentParser
import Foundation
import Sightline

/// `sightline locate`: a position fix from bearings taken at known places.
public struct LocateCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "locate",
        abstract: "A fix from bearings (least squares, Stansfield, maximum likelihood, robust, likelihood map) or from signal levels (RSS), with covariance, 95 % ellipse and CEP.",
        discussion: """
            Reads one or more bearings documents (from sightline bearing) and uses every resolved bearing in them (bearings written "resolved": false, with sigma_deg null, are skipped with a note on stderr). Output: {"fix": {east_m, north_m, covariance_m2, cep_m, ellipse_95: {major_m, minor_m, orientation_deg}, method, bearings, warnings}}. For ls, stansfield, ml and robust, parallel bearings, a single bearing, NaN, or bearings that meet behind a sensor are errors.
            Every method's covariance is its own: ml the Fisher information at the fix; ls and stansfield the sandwich covariance of their (un)weighted line intersection, A⁻¹(Σ wᵢ²dᵢ²σᵢ² nᵢnᵢᵀ)A⁻¹; robust the ML covariance of the bearings it keeps — each bearing is kept if its residual passes a χ² test (p = 0.001) against its own sigma and the fix's uncertainty (outliers lists the dropped ones); map the posterior's.
            --method map: the posterior mean and covariance over a likelihood grid (flat prior over the region); it works with one bearing or ambiguous ones and its ellipse shows the spread honestly. Without --region-m the square grows (up to 16×) until the posterior mass at its edge is below 1e-4; if it never is (one bearing, parallel bearings), or --region-m cuts it off, the document says "at_edge": true and warns. --heatmap-svg draws that grid under the bearing lines for any method.
            --method rss: the inputs are CSV files with the header east_m,north_m,level_dbm (received level at each place, no direction finding); log-distance ML with exponent --exponent, covariance from the Cramér–Rao bound at --shadowing-db.
            """)

    @Argument(help: "Bearings documents (or level CSV files with --method rss).") public var inputs: [String]
    @Option(help: "ls, stansfield, ml, robust (ML on the bearings that agree: outliers dropped; needs three or more), map, or rss.")
    public var method: String = "ml"
    @Option(name: .customLong("map-svg"), help: "Write a plan view with the bearing lines, the fix and its ellipse.") public var mapSVG: String?
    @Option(name: .customLong("heatmap-svg"), help: "Write the plan view with the bearing-likelihood heat map under it.") public var heatmapSVG: String?
    @Option(name: .customLong("region-m"), help: "Half-width of the square searched by map and rss, metres around the sensors' centre (default: twice their spread, at least 1000 m; map grows it until the posterior is inside).")
    public var regionM: Double?
    @Option(help: "Path-loss exponent for --method rss (2 free space, 2.7–3.5 urban, 4–6 in buildings).") public var exponent: Double = 3
    @Option(name: .customLong("shadowing-db"), help: "Log-normal shadowing σ for --method rss's covariance (4–12 dB is typical outdoors).") public var shadowingDB: Double = 6
    @Option(name: .customLong("truth-east-m"), parsing: .unconditional, help: "The emitter's true position, to draw.") public var truthEastM: Double?
    @Option(name: .customLong("truth-north-m"), parsing: .unconditional) public var truthNorthM: Double?
    @Flag(help: "Print the fix document as JSON on stdout (and nothing else).") public var json = false

    public init() {}

    public func validate() throws {
        guard ["robust", "map", "rss"].contains(method) || BearingLocalizer.Method(rawValue: method) != nil else {
            throw ValidationError("--method \(method): use ls, stansfield, ml, robust, map or rss")
        }
        guard !inputs.isEmpty else { throw ValidationError("give at least one bearings file") }
        if let regionM {
            guard regionM > 0, regionM <= 1e6 else {
                throw ValidationError("--region-m \(regionM): give a positive half-width up to 1000000 m (1000 km)")
            }
        }
        guard exponent > 0, exponent.isFinite else { throw ValidationError("--exponent \(exponent): give a positive path-loss exponent") }
        guard shadowingDB > 0, shadowingDB.isFinite else { throw ValidationError("--shadowing-db \(shadowingDB): give a positive σ in dB") }
        if method == "rss" && heatmapSVG != nil { throw ValidationError("--heatmap-svg draws a bearing likelihood; rss has no bearings (use --map-svg)") }
    }

    public func run() throws {
        // A map written over a bearings file would destroy an input: refused before any work.
        try AtomicFile.checkOutputs([mapSVG, heatmapSVG], inputs: inputs)
        if method == "rss" { return try runRSS() }
        var skipped = 0
        var bearings: [BearingObservation] = []
        for path in inputs {
            let read = try Self.readBearings(path)
            bearings += read.bearings
            skipped += read.skipped
        }
        let region = Self.region(around: bearings.map { ($0.eastMeters, $0.northMeters) }, halfWidth: regionM)
        var map: LikelihoodMap?
        var warnings: [String] = []
        var extra: [String: Any] = [:]
        if method == "map" || heatmapSVG != nil {
            guard !bearings.isEmpty else {
                throw SightlineError(.invalidValue, location: inputs[0], field: "bearings", message: "no resolved bearings", fix: "take at least one bearing")
            }
            // With one or two bearings an outlier cannot be told from a good bearing, and the
            // outlier floor would only spread the posterior over the whole region.
            let search = LikelihoodMap.search(bearings: bearings, centre: region.centre, halfWidthMeters: region.halfWidth,
                                              grow: regionM == nil, outlierProbability: bearings.count < 3 ? 0 : 0.02)
            map = search.map
            if method == "map" {
                extra["region_m"] = (search.eastRange.upperBound - search.eastRange.lowerBound) / 2
                extra["edge_mass"] = search.edgeMass
                extra["at_edge"] = search.atEdge
                if search.atEdge {
                    warnings.append(String(format: "the posterior reaches the edge of the %.0f m square (%.2g of its mass in the outer ring): the emitter may lie outside and the ellipse is cut off; %@",
                                           (search.eastRange.upperBound - search.eastRange.lowerBound) / 2, search.edgeMass,
                                           regionM == nil ? "take bearings from places that cross at the emitter" : "give a larger --region-m, or leave it out"))
                }
            }
        }
        let fix: PositionFix
        switch method {
        case "robust":
            let fit = try BearingLocalizer.robustFit(bearings)
            fix = fit.fix
            let outliers = bearings.indices.filter { !fit.inliers.contains($0) }
            extra["outliers"] = outliers
            if !outliers.isEmpty {
                let listed = outliers.prefix(20).map(String.init).joined(separator: ", ")
                let more = outliers.count > 20 ? ", … (all in the fix's outliers)" : ""
                warnings.append("dropped \(outliers.count) bearing(s) inconsistent with their sigma (χ², p = 0.001): \(listed)\(more)")
            }
        case "map": fix = map!.posterior()
        default: fix = try BearingLocalizer.fix(bearings, method: BearingLocalizer.Method(rawValue: method) ?? .ml)
        }
        if method != "map" {
            let ratio = fix.majorSigmaPerRange(sensors: bearings.map { ($0.eastMeters, $0.northMeters) })
            if ratio.isFinite { extra["major_sigma_per_range"] = ratio }
            if ratio > PositionFix.linearLimit {
                warnings.append(String(format: "the ellipse's major-axis sigma is %.0f %% of the range: the ellipse linearises the bearings and covers less than 95 %% this far out; --method map gives the posterior", 100 * ratio))
            }
        }
        let ellipse = fix.ellipse95
        var body: [String: Any] = [
            "east_m": fix.eastMeters, "north_m": fix.northMeters, "covariance_m2": fix.covariance, "cep_m": fix.cepMeters,
            "ellipse_95": ["major_m": ellipse.majorMeters, "minor_m": ellipse.minorMeters, "orientation_deg": ellipse.orientationDegrees],
            "bearings": bearings.count, "method": method,
        ]
        for (k, v) in extra { body[k] = v }
        if skipped > 0 { body["unresolved_skipped"] = skipped }
        if !warnings.isEmpty { body["warnings"] = warnings }
        // Notes only once the fix stands, so an error stays the one line on stderr.
        if skipped > 0 {
            FileHandle.standardError.write(Data("sightline locate: skipped \(skipped) unresolved bearing\(skipped == 1 ? "" : "s") (no sigma)\n".utf8))
        }
        for w in warnings { FileHandle.standardError.write(Data("sightline locate: warning: \(w)\n".utf8)) }
        let doc: [String: Any] = ["fix": body]
        func plan(heat: Bool) -> String {
            var plan = SVGMap(title: "Fix from \(bearings.count) bearing\(bearings.count == 1 ? "" : "s") (\(method)): CEP \(Self.metres(fix.cepMeters))")
            plan.lines = bearings.map { .init(east: $0.eastMeters, north: $0.northMeters, azimuthDegrees: $0.azimuthDegrees) }
            plan.fix = (fix.eastMeters, fix.northMeters)
            plan.ellipse = (ellipse.majorMeters, ellipse.minorMeters, ellipse.orientationDegrees)
            if let e = truthEastM, let n = truthNorthM { plan.truth = (e, n) }
            if heat, let map {
                plan.heat = .init(eastRange: map.eastRange, northRange: map.northRange, columns: map.columns, rows: map.rows, values: map.probabilities)
            }
            return plan.render()
        }
        if let mapSVG { try AtomicFile.write(plan(heat: method == "map"), to: mapSVG) }
        if let heatmapSVG { try AtomicFile.write(plan(heat: true), to: heatmapSVG) }
        if json { print(try JSONOutput.string(doc)); return }
        print(String(format: "fix (%.1f, %.1f) m east/north from %d bearings (%@): CEP %.1f m, 95 %% ellipse %.1f × %.1f m at %.0f°",
                     fix.eastMeters, fix.northMeters, bearings.count, method, fix.cepMeters, ellipse.majorMeters, ellipse.minorMeters,
                     ellipse.orientationDegrees))
        if let e = truthEastM, let n = truthNorthM {
            print(String(format: "error against the truth: %.1f m", ((fix.eastMeters - e) * (fix.eastMeters - e) + (fix.northMeters - n) * (fix.northMeters - n)).squareRoot()))
        }
        if let mapSVG { print("map: \(mapSVG)") }
        if let heatmapSVG { print("heat map: \(heatmapSVG)") }
    }

    /// The resolved bearings of a bearings document, and how many unresolved ones it had.
    static func readBearings(_ path: String) throws -> (bearings: [BearingObservation], skipped: Int) {
        let doc = try BearingsDocument.read(path: path)
        var skipped = 0
        var list: [BearingObservation] = []
        for b in doc.bearings {
            guard b.isResolved, let sigma = b.sigmaDegrees else { skipped += 1; continue }
            list.append(BearingObservation(eastMeters: b.sensor.eastMeters, northMeters: b.sensor.northMeters,
                                           azimuthDegrees: b.azimuthDegrees, sigmaDegrees: sigma))
        }
        return (list, skipped)
    }

    /// The square searched by the grid methods: centred on the sensors, half-width given or
    /// twice their spread (at least 1 km).
    static func region(around places: [(Double, Double)], halfWidth: Double?)
        -> (east: ClosedRange<Double>, north: ClosedRange<Double>, centre: (east: Double, north: Double), halfWidth: Double) {
        let r = LikelihoodMap.defaultRegion(around: places, halfWidth: halfWidth)
        let (ce, cn, h) = (r.centre.east, r.centre.north, r.halfWidth)
        return ((ce - h)...(ce + h), (cn - h)...(cn + h), r.centre, h)
    }

    /// `--method rss`: CSV levels → log-distance ML fix with its CRB covariance.
    func runRSS() throws {
        var readings: [RSSLocalizer.Reading] = []
        for path in inputs {
            let data = try InputFile.contents(of: path, what: "level file", limit: 64 << 20,
                                              fix: "give a CSV with the header east_m,north_m,level_dbm")
            guard let text = String(data: data, encoding: .utf8) else {
                throw SightlineError(.malformedFile, location: path, message: "the level file is not UTF-8 text",
                                     fix: "give a CSV with the header east_m,north_m,level_dbm")
            }
            var lines = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty && !$0.hasPrefix("#") }
            guard let header = lines.first?.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }),
                  let ie = header.firstIndex(of: "east_m"), let iN = header.firstIndex(of: "north_m"), let il = header.firstIndex(of: "level_dbm") else {
                throw SightlineError(.malformedFile, location: path, field: "header", message: "needs the columns east_m, north_m and level_dbm",
                                     fix: "start the file with the line east_m,north_m,level_dbm")
            }
            lines.removeFirst()
            for (i, line) in lines.enumerated() {
                let f = line.split(separator: ",", omittingEmptySubsequences: false).map { Double($0.trimmingCharacters(in: .whitespaces)) }
                guard f.count == header.count, let e = f[ie], let n = f[iN], let l = f[il], e.isFinite, n.isFinite, l.isFinite else {
                    throw SightlineError(.malformedFile, location: "\(path):\(i + 2)", field: "row", message: "needs \(header.count) numbers",
                                         fix: "write east_m,north_m,level_dbm as plain numbers")
                }
                readings.append(.init(eastMeters: e, northMeters: n, levelDBm: l))
            }
        }
        let region = Self.region(around: readings.map { ($0.eastMeters, $0.northMeters) }, halfWidth: regionM)
        let position = try RSSLocalizer.fix(readings, exponent: exponent, eastRange: region.east, northRange: region.north)
        let fix = PositionFix(eastMeters: position.eastMeters, northMeters: position.northMeters,
                              covariance: try RSSLocalizer.covariance(readings, eastMeters: position.eastMeters, northMeters: position.northMeters,
                                                                      exponent: exponent, shadowingDB: shadowingDB))
        let ellipse = fix.ellipse95
        let doc: [String: Any] = ["fix": [
            "east_m": fix.eastMeters, "north_m": fix.northMeters, "covariance_m2": fix.covariance, "cep_m": fix.cepMeters,
            "ellipse_95": ["major_m": ellipse.majorMeters, "minor_m": ellipse.minorMeters, "orientation_deg": ellipse.orientationDegrees],
            "levels": readings.count, "method": "rss", "exponent": exponent, "shadowing_db": shadowingDB,
        ]]
        if let mapSVG {
            var plan = SVGMap(title: "RSS fix from \(readings.count) levels (n = \(exponent), σ = \(shadowingDB) dB): CEP \(Self.metres(fix.cepMeters))")
            plan.sensors = readings.map { ($0.eastMeters, $0.northMeters) }
            plan.fix = (fix.eastMeters, fix.northMeters)
            plan.ellipse = (ellipse.majorMeters, ellipse.minorMeters, ellipse.orientationDegrees)
            if let e = truthEastM, let n = truthNorthM { plan.truth = (e, n) }
            try AtomicFile.write(plan.render(), to: mapSVG)
        }
        if json { print(try JSONOutput.string(doc)); return }
        print(String(format: "RSS fix (%.1f, %.1f) m east/north from %d levels: CEP %.1f m, 95 %% ellipse %.1f × %.1f m at %.0f°",
                     fix.eastMeters, fix.northMeters, readings.count, fix.cepMeters, ellipse.majorMeters, ellipse.minorMeters, ellipse.orientationDegrees))
        if let mapSVG { print("map: \(mapSVG)") }
    }

    /// A distance for a title: whole metres, or "unbounded" for a CEP that is not finite (a
    /// fix with no information along some direction) — never an Int conversion that traps.
    static func metres(_ v: Double) -> String {
        v.isFinite ? String(format: "%.0f m", v) : "unbounded"
    }
}
