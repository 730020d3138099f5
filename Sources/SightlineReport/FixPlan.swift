import SightlineLocate

extension SVGMap {
    /// The plan view of a fix: the bearing lines (or the places levels were read), the fix
    /// and its 95 % ellipse, the truth if known, and the likelihood map under it if `heat`.
    public init(
        fix r: LocateStudy.Result,
        method: LocateStudy.Method,
        truth: (east: Double, north: Double)? = nil,
        heat: Bool = false
    ) {
        let fix = r.fix
        let cep = fix.cepMeters.isFinite ? String(format: "%.0f m", fix.cepMeters) : "unbounded"
        if method == .rss {
            let n = r.levels.count
            let model = r.document.fix
            self.init(
                title:
                    """
                    RSS fix from \(n) levels (n = \(model.exponent ?? 0), σ = \(model.shadowingDB ?? 0) dB): CEP \
                    \(cep)
                    """
            )
        } else {
            let n = r.bearings.count
            self.init(title: "Fix from \(n) bearing\(n == 1 ? "" : "s") (\(method.rawValue)): CEP \(cep)")
        }
        lines = r.bearings.map { .init(east: $0.eastMeters, north: $0.northMeters, azimuthDegrees: $0.azimuthDegrees) }
        sensors = r.levels.map { ($0.eastMeters, $0.northMeters) }
        self.fix = (fix.eastMeters, fix.northMeters)
        let e = fix.ellipse95
        ellipse = (e.majorMeters, e.minorMeters, e.orientationDegrees)
        self.truth = truth
        if heat, let map = r.map {
            self.heat = .init(
                eastRange: map.eastRange,
                northRange: map.northRange,
                columns: map.columns,
                rows: map.rows,
                values: map.probabilities
            )
        }
    }
}
