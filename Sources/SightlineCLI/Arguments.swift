import ArgumentParser
import Sightline

// Library enums as command-line values: parsed once by ArgumentParser, listed in --help,
// and a bad value is its one-line error naming the choices.

extension WindowKind: ExpressibleByArgument {
    public init?(argument: String) { self.init(name: argument) }
    public var defaultValueDescription: String { description }
}

extension CFARKind: ExpressibleByArgument {}

extension DetectionPipeline.NoiseEstimator: ExpressibleByArgument {}

extension Fidelity: ExpressibleByArgument {}

extension ReportLanguage: ExpressibleByArgument {}

extension LocateStudy.Method: ExpressibleByArgument {}

extension DevicePreset: ExpressibleByArgument {
    public init?(argument: String) {
        guard let p = DevicePreset.named(argument) else { return nil }
        self = p
    }
    public var defaultValueDescription: String { name }
    public static var allValueStrings: [String] { DevicePreset.all.map(\.name) }
}

extension PathLossModel: ExpressibleByArgument {}

extension TerrainPath.Diffraction: ExpressibleByArgument {}

extension JammingStudy.Link: ExpressibleByArgument {}

extension DetectorLaw: ExpressibleByArgument {}

extension SigMFDatatype: ExpressibleByArgument {}

extension HomingDocument.Mode: ExpressibleByArgument {}

extension SpectralScaling: ExpressibleByArgument {}

extension SpectralAverage: ExpressibleByArgument {}

extension WaterfallGrid.Combine: ExpressibleByArgument {}

extension DOAEstimator.ESPRITForm: ExpressibleByArgument {}

extension BearingJob.Method: ExpressibleByArgument {
    public init?(argument: String) { self.init(name: argument) }
    public static var allValueStrings: [String] { allCases.map(\.rawValue) + ["capon", "beamscan"] }
}

/// Numbers separated by commas (`250,500,1000`): every entry a finite number, none empty.
public struct NumberList: ExpressibleByArgument, Sendable, Equatable {
    public var values: [Double]

    public init(_ values: [Double]) { self.values = values }

    public init?(argument: String) {
        var values: [Double] = []
        for entry in argument.split(separator: ",", omittingEmptySubsequences: false) {
            guard let v = Double(entry.trimmingCharacters(in: .whitespaces)), v.isFinite else { return nil }
            values.append(v)
        }
        self.values = values
    }

    public var defaultValueDescription: String {
        values.map { $0 == $0.rounded() && abs($0) < 1e15 ? String(Int($0)) : "\($0)" }.joined(separator: ",")
    }
}

/// `LAT,LON:LAT,LON`: a path's two ends in degrees.
public struct GeographicPath: ExpressibleByArgument, Sendable, Equatable {
    public var from: (latitude: Double, longitude: Double)
    public var to: (latitude: Double, longitude: Double)

    public init?(argument: String) {
        let ends = argument.split(separator: ":").map { $0.split(separator: ",").compactMap { Double($0) } }
        guard ends.count == 2, ends.allSatisfy({ $0.count == 2 && abs($0[0]) <= 90 && abs($0[1]) <= 180 }) else {
            return nil
        }
        from = (ends[0][0], ends[0][1])
        to = (ends[1][0], ends[1][1])
    }

    public static func == (a: Self, b: Self) -> Bool { a.from == b.from && a.to == b.to }
}
