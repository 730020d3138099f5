#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// All decibel conversions live here, so that a power ratio is never confused with an
/// amplitude ratio anywhere else in the toolkit.
public enum Decibels {
    /// 10·log10(ratio) of a power ratio. Returns −∞ for 0 and NaN for negative input.
    @inlinable
    public static func fromPowerRatio(_ ratio: Double) -> Double { 10 * log10(ratio) }

    /// The power ratio 10^(dB/10).
    @inlinable
    public static func toPowerRatio(_ decibels: Double) -> Double { pow(10, decibels / 10) }

    /// The amplitude ratio 10^(dB/20).
    @inlinable
    public static func toAmplitudeRatio(_ decibels: Double) -> Double { pow(10, decibels / 20) }

    /// Power in dBm from watts.
    @inlinable
    public static func dBm(fromWatts watts: Double) -> Double { 10 * log10(watts) + 30 }

    /// Power in watts from dBm.
    @inlinable
    public static func watts(fromDBm dBm: Double) -> Double { pow(10, (dBm - 30) / 10) }
}
