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
