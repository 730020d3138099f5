import ArgumentParser
import Foundation
import Sightline

/// `sightline locate`: a position fix from bearings taken at known places.
public struct LocateCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "locate",
        abstract: "A fix from bearings: least squares, Stansfield or maximum likelihood, with covariance, 95 % ellipse and CEP.",
        discussion: "Reads one or more bearings documents (from sightline bearing) and uses every bearing in them. Output: {\"fix\": {east_m, north_m, covariance_m2, cep_m, ellipse_95: {major_m, minor_m, orientation_deg}}}. Parallel bearings, a single bearing, NaN, or bearings that meet behind a sensor are errors.")

    @Argument(help: "Bearings documents.") public var inputs: [String]
    @Option(help: "ls, stansfield, ml, or robust (ML on the bearings that agree: outliers dropped; needs three or more).")
    public var method: String = "ml"
    @Option(name: .customLong("map-svg"), help: "Write a plan view with the bearing lines, the fix and its ellipse.") public var mapSVG: String?
    @Option(name: .customLong("truth-east-m"), parsing: .unconditional, help: "The emitter's true position, to draw.") public var truthEastM: Double?
    @Option(name: .customLong("truth-north-m"), parsing: .unconditional) public var truthNorthM: Double?
    @Flag(help: "Print the fix document as JSON on stdout (and nothing else).") public var json = false

    public init() {}

    public func validate() throws {
        guard method == "robust" || BearingLocalizer.Method(rawValue: method) != nil else {
            throw ValidationError("--method \(method): use ls, stansfield, ml or robust")
        }
        guard !inputs.isEmpty else { throw ValidationError("give at least one bearings file") }
    }

    public func run() throws {
        var bearings: [BearingObservation] = []
        for path in inputs {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw SightlineError(.fileNotFound, location: path, message: "no such bearings file", fix: "write one with sightline bearing --output")
            }
            guard let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any], let list = root["bearings"] as? [[String: Any]] else {
                throw SightlineError(.malformedFile, location: path, field: "bearings", message: "not a bearings document",
                                     fix: "give the file written by sightline bearing --output")
            }
            for (i, b) in list.enumerated() {
                let sensor = b["sensor"] as? [String: Any]
                guard let az = (b["azimuth_deg"] as? NSNumber)?.doubleValue, let sigma = (b["sigma_deg"] as? NSNumber)?.doubleValue,
                      let e = (sensor?["east_m"] as? NSNumber)?.doubleValue, let n = (sensor?["north_m"] as? NSNumber)?.doubleValue else {
                    throw SightlineError(.malformedFile, location: path, field: "bearings[\(i)]",
                                         message: "needs azimuth_deg, sigma_deg and sensor {east_m, north_m}", fix: "regenerate it with sightline bearing")
                }
                bearings.append(BearingObservation(eastMeters: e, northMeters: n, azimuthDegrees: az, sigmaDegrees: sigma))
            }
        }
        let fix = method == "robust" ? try BearingLocalizer.robustFix(bearings)
            : try BearingLocalizer.fix(bearings, method: BearingLocalizer.Method(rawValue: method) ?? .ml)
        let ellipse = fix.ellipse95
        let doc: [String: Any] = ["fix": [
            "east_m": fix.eastMeters, "north_m": fix.northMeters, "covariance_m2": fix.covariance, "cep_m": fix.cepMeters,
            "ellipse_95": ["major_m": ellipse.majorMeters, "minor_m": ellipse.minorMeters, "orientation_deg": ellipse.orientationDegrees],
            "bearings": bearings.count, "method": method,
        ]]
        if let mapSVG {
            var map = SVGMap(title: "Fix from \(bearings.count) bearings (\(method)): CEP \(Int(fix.cepMeters.rounded())) m")
            map.lines = bearings.map { .init(east: $0.eastMeters, north: $0.northMeters, azimuthDegrees: $0.azimuthDegrees) }
            map.fix = (fix.eastMeters, fix.northMeters)
            map.ellipse = (ellipse.majorMeters, ellipse.minorMeters, ellipse.orientationDegrees)
            if let e = truthEastM, let n = truthNorthM { map.truth = (e, n) }
            try AtomicFile.write(map.render(), to: mapSVG)
        }
        if json { print(try JSONOutput.string(doc)); return }
        print(String(format: "fix (%.1f, %.1f) m east/north from %d bearings (%@): CEP %.1f m, 95 %% ellipse %.1f × %.1f m at %.0f°",
                     fix.eastMeters, fix.northMeters, bearings.count, method, fix.cepMeters, ellipse.majorMeters, ellipse.minorMeters,
                     ellipse.orientationDegrees))
        if let e = truthEastM, let n = truthNorthM {
            print(String(format: "error against the truth: %.1f m", ((fix.eastMeters - e) * (fix.eastMeters - e) + (fix.northMeters - n) * (fix.northMeters - n)).squareRoot()))
        }
        if let mapSVG { print("map: \(mapSVG)") }
    }
}
