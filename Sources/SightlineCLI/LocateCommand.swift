import ArgumentParser
import Foundation
import Sightline

/// `sightline locate`: a position fix from bearings taken at known places.
public struct LocateCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "locate",
        abstract: """
            A fix from bearings (least squares, Stansfield, maximum likelihood, robust, likelihood map) or from \
            signal levels (RSS), with covariance, 95 % ellipse and CEP.
            """,
        discussion: """
            Reads one or more bearings documents (from sightline bearing) and uses every resolved bearing in them \
            (bearings written "resolved": false, with sigma_deg null, are skipped with a note on stderr). Output: \
            {"fix": {east_m, north_m, covariance_m2, cep_m, ellipse_95: {major_m, minor_m, orientation_deg}, method, \
            bearings, warnings}}. For ls, stansfield, ml and robust, parallel bearings, a single bearing, NaN, or \
            bearings that meet behind a sensor are errors.
            Every method's covariance is its own: ml the Fisher information at the fix; ls and stansfield the \
            sandwich covariance of their (un)weighted line intersection, A⁻¹(Σ wᵢ²dᵢ²σᵢ² \
            nᵢnᵢᵀ)A⁻¹; robust the ML \
            covariance of the bearings it keeps — each bearing is kept if its residual passes a χ² test (p = \
            0.001) \
            against its own sigma and the fix's uncertainty (outliers lists the dropped ones); map the posterior's.
            --method map: the posterior mean and covariance over a likelihood grid (flat prior over the region); it \
            works with one bearing or ambiguous ones and its ellipse shows the spread honestly. Without --region-m \
            the square grows (up to 16×) until the posterior mass at its edge is below 1e-4; if it never is (one \
            bearing, parallel bearings), or --region-m cuts it off, the document says "at_edge": true and warns. \
            --heatmap-svg draws that grid under the bearing lines for any method.
            --method rss: the inputs are CSV files with the header east_m,north_m,level_dbm (received level at each \
            place, no direction finding); log-distance ML with exponent --exponent, covariance from the Cramér–Rao \
            bound at --shadowing-db.
            """
    )

    @Argument(help: "Bearings documents (or level CSV files with --method rss).") public var inputs: [String]
    @Option(
        help: """
            ls, stansfield, ml, robust (ML on the bearings that agree: outliers dropped; needs three or more), map, or \
            rss.
            """
    )
    public var method: LocateStudy.Method = .ml
    @Option(name: .customLong("map-svg"), help: "Write a plan view with the bearing lines, the fix and its ellipse.")
    public var mapSVG: String?
    @Option(
        name: .customLong("heatmap-svg"),
        help: "Write the plan view with the bearing-likelihood heat map under it."
    ) public var heatmapSVG: String?
    @Option(
        name: .customLong("region-m"),
        help: """
            Half-width of the square searched by map and rss, metres around the sensors' centre (default: twice their \
            spread, at least 1000 m; map grows it until the posterior is inside).
            """
    )
    public var regionM: Double?
    @Option(
        help: """
            Path-loss exponent for --method rss (2 free space, 2.7–3.5 urban, 4–6 in buildings).
            """
    ) public var exponent: Double = 3
    @Option(
        name: .customLong("shadowing-db"),
        help: """
            Log-normal shadowing σ for --method rss's covariance (4–12 dB is typical outdoors).
            """
    ) public var shadowingDB: Double = 6
    @Option(name: .customLong("truth-east-m"), parsing: .unconditional, help: "The emitter's true position, to draw.")
    public var truthEastM: Double?
    @Option(name: .customLong("truth-north-m"), parsing: .unconditional) public var truthNorthM: Double?
    @Flag(help: "Print the fix document as JSON on stdout (and nothing else).") public var json = false

    public init() {}

    public func validate() throws {
        guard !inputs.isEmpty else { throw ValidationError("give at least one bearings file") }
        if let regionM {
            guard regionM > 0, regionM <= 1e6 else {
                throw ValidationError("--region-m \(regionM): give a positive half-width up to 1000000 m (1000 km)")
            }
        }
        guard exponent > 0, exponent.isFinite else {
            throw ValidationError("--exponent \(exponent): give a positive path-loss exponent")
        }
        guard shadowingDB > 0, shadowingDB.isFinite else {
            throw ValidationError("--shadowing-db \(shadowingDB): give a positive σ in dB")
        }
        if method == .rss && heatmapSVG != nil {
            throw ValidationError("--heatmap-svg draws a bearing likelihood; rss has no bearings (use --map-svg)")
        }
    }

    public func run() throws {
        // A map written over an input would destroy it: refused before any work.
        try AtomicFile.checkOutputs([mapSVG, heatmapSVG], inputs: inputs)
        let result: LocateStudy.Result
        if method == .rss {
            let levels = try inputs.flatMap { try RSSLocalizer.readings(path: $0) }
            result = try LocateStudy.fix(
                levels: levels,
                exponent: exponent,
                shadowingDB: shadowingDB,
                regionHalfWidthMeters: regionM
            )
        } else {
            var bearings: [BearingObservation] = []
            var skipped = 0
            for path in inputs {
                let read = LocateStudy.resolvedBearings(try BearingsDocument.read(path: path))
                bearings += read.bearings
                skipped += read.skipped
            }
            result = try LocateStudy.fix(
                bearings: bearings,
                skipped: skipped,
                method: method,
                regionHalfWidthMeters: regionM,
                wantsMap: heatmapSVG != nil,
                location: inputs[0]
            )
        }
        let fix = result.fix
        // Notes only once the fix stands, so an error stays the one line on stderr.
        if result.skipped > 0 {
            let s = result.skipped
            FileHandle.standardError.write(
                Data("sightline locate: skipped \(s) unresolved bearing\(s == 1 ? "" : "s") (no sigma)\n".utf8)
            )
        }
        // The library names quantities; the command names its options.
        var document = result.document
        document.fix.warnings = document.fix.warnings?.map {
            $0.replacingOccurrences(
                of: "give a larger region, or leave it out",
                with: "give a larger --region-m, or leave it out"
            )
            .replacingOccurrences(of: "the map method gives the posterior", with: "--method map gives the posterior")
        }
        for w in document.fix.warnings ?? [] {
            FileHandle.standardError.write(Data("sightline locate: warning: \(w)\n".utf8))
        }
        let ellipse = fix.ellipse95
        let truth = truthEastM.flatMap { e in truthNorthM.map { (e, $0) } }
        func plan(heat: Bool) -> String { SVGMap(fix: result, method: method, truth: truth, heat: heat).render() }
        if let mapSVG { try AtomicFile.write(plan(heat: method == .map), to: mapSVG) }
        if let heatmapSVG { try AtomicFile.write(plan(heat: true), to: heatmapSVG) }
        if json {
            print(try document.json())
            return
        }
        if method == .rss {
            print(
                String(
                    format:
                        """
                        RSS fix (%.1f, %.1f) m east/north from %d levels: CEP %.1f m, 95 %% ellipse %.1f × %.1f m \
                        at %.0f°
                        """,
                    fix.eastMeters,
                    fix.northMeters,
                    result.levels.count,
                    fix.cepMeters,
                    ellipse.majorMeters,
                    ellipse.minorMeters,
                    ellipse.orientationDegrees
                )
            )
        } else {
            print(
                String(
                    format:
                        """
                        fix (%.1f, %.1f) m east/north from %d bearings (%@): CEP %.1f m, 95 %% ellipse %.1f × \
                        %.1f m at %.0f°
                        """,
                    fix.eastMeters,
                    fix.northMeters,
                    result.bearings.count,
                    method.rawValue,
                    fix.cepMeters,
                    ellipse.majorMeters,
                    ellipse.minorMeters,
                    ellipse.orientationDegrees
                )
            )
        }
        if let (e, n) = truth {
            print(
                String(
                    format: "error against the truth: %.1f m",
                    ((fix.eastMeters - e) * (fix.eastMeters - e) + (fix.northMeters - n) * (fix.northMeters - n))
                        .squareRoot()
                )
            )
        }
        if let mapSVG { print("map: \(mapSVG)") }
        if let heatmapSVG { print("heat map: \(heatmapSVG)") }
    }
}
