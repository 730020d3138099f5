@_exported import Numerics  // Complex<Float> is the sample type of every public API
// The umbrella module: `import Sightline` brings in every library layer.
@_exported import SightlineCore
@_exported import SightlineDSP
@_exported import SightlineDetect
@_exported import SightlineLocate
@_exported import SightlineRF
@_exported import SightlineReport
@_exported import SightlineScenario
@_exported import SightlineSignals
