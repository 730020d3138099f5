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
