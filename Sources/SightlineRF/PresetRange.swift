/// The plausible range of one number of a device preset that nobody outside the security
/// service knows: the preset's value is the nominal one, `low…high` what a published
/// measurement or a comparable commercial device allows. `sightline presets` prints them;
/// a timed scene samples them through `assumptions:` with `preset_range:` (the observer's or
/// the handset's device, the field named here), so the range and its source live in one
/// place.
public struct PresetRange: Sendable, Equatable {
    /// The preset numbers that can carry a range, by their scene key.
    public enum Field: String, Sendable, CaseIterable {
        case noiseFigureDB = "noise_figure_db"
        case antennaGainDBi = "antenna_gain_dbi"
        case lossesDB = "losses_db"
        case powerDBm = "power_dbm"
        case pathLossExponent = "path_loss_exponent"
        case pathLossOffsetDB = "path_loss_offset_db"

        /// The field's words and unit, for tables.
        public var label: String {
            switch self {
            case .noiseFigureDB: "noise figure (dB)"
            case .antennaGainDBi: "antenna gain (dBi)"
            case .lossesDB: "losses (dB)"
            case .powerDBm: "power (dBm)"
            case .pathLossExponent: "path-loss exponent"
            case .pathLossOffsetDB: "path-loss offset (dB)"
            }
        }
    }

    public var field: Field
    public var low: Double
    public var high: Double
    /// Where the range comes from.
    public var source: String

    /// "noise figure (dB): 8, plausibly 5 to 12 — source".
    public func line(nominal: Double) -> String {
        "\(field.label): \(DevicePreset.number(nominal)), plausibly \(DevicePreset.number(low)) to "
            + "\(DevicePreset.number(high)) — \(source)"
    }

    public init(_ field: Field, _ low: Double, _ high: Double, source: String) {
        precondition(low <= high, "a preset range runs from low to high")
        self.field = field
        self.low = low
        self.high = high
        self.source = source
    }
}

extension DevicePreset {
    /// The preset's value of a field that can carry a range.
    public func value(of field: PresetRange.Field) -> Double {
        switch field {
        case .noiseFigureDB: noiseFigureDB
        case .antennaGainDBi: antennaGainDBi
        case .lossesDB: lossesDB
        case .powerDBm: powerDBm
        case .pathLossExponent: pathLossExponent
        case .pathLossOffsetDB: pathLossOffsetDB
        }
    }

    /// The preset with one field set to `value`.
    public func with(_ field: PresetRange.Field, _ value: Double) -> DevicePreset {
        var p = self
        switch field {
        case .noiseFigureDB: p.noiseFigureDB = value
        case .antennaGainDBi: p.antennaGainDBi = value
        case .lossesDB: p.lossesDB = value
        case .powerDBm: p.powerDBm = value
        case .pathLossExponent: p.pathLossExponent = value
        case .pathLossOffsetDB: p.pathLossOffsetDB = value
        }
        return p
    }

    /// The range of a field, if the preset gives one.
    public func range(of field: PresetRange.Field) -> PresetRange? { ranges.first { $0.field == field } }
}
