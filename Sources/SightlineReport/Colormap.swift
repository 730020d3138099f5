/// Perceptually uniform colour scales for waterfalls.
public enum Colormap {
    /// Control points of matplotlib's "viridis" (van der Walt & Smith, 2015) at nine evenly
    /// spaced positions, interpolated linearly: close to the full 256-entry table and, like
    /// it, monotone in lightness and readable by colour-blind viewers.
    static let viridis: [(Double, Double, Double)] = [
        (68, 1, 84), (71, 44, 122), (59, 81, 139), (44, 113, 142), (33, 144, 141),
        (39, 173, 129), (92, 200, 99), (170, 220, 50), (253, 231, 37),
    ]

    /// The viridis colour at `t` in [0, 1] (clamped; NaN maps to the low end).
    public static func viridis(_ t: Double) -> RGB {
        let x = t.isNaN ? 0 : min(1, max(0, t))
        let scaled = x * Double(viridis.count - 1)
        let i = min(viridis.count - 2, Int(scaled))
        let f = scaled - Double(i)
        let a = viridis[i]
        let b = viridis[i + 1]
        func mix(_ p: Double, _ q: Double) -> UInt8 { UInt8((p + (q - p) * f).rounded()) }
        return RGB(mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2))
    }
}
