import SightlineCore

/// Receiver thermal noise: N = k·T₀·B·F, i.e. −174 dBm/Hz at T₀ = 290 K (ITU-R P.372;
/// k = 1.380649e−23 J/K, so 10·log10(k·290 K / 1 mW) = −173.98 dBm/Hz) plus the noise figure.
public enum ThermalNoise {
    /// Boltzmann's constant, J/K (SI 2019, exact).
    public static let boltzmannJoulesPerKelvin = 1.380_649e-23
    /// The standard reference temperature T₀ (IEEE Std 100).
    public static let referenceTemperatureKelvin = 290.0

    /// Noise power density k·T₀ in dBm/Hz (−173.98).
    public static var densityDBmPerHz: Double {
        Decibels.dBm(fromWatts: boltzmannJoulesPerKelvin * referenceTemperatureKelvin)
    }

    /// Noise power in dBm over `bandwidthHz` for a receiver of noise figure `noiseFigureDB`.
    public static func powerDBm(bandwidthHz: Double, noiseFigureDB: Double) -> Double {
        densityDBmPerHz + Decibels.fromPowerRatio(bandwidthHz) + noiseFigureDB
    }
}
