/// Order statistics shared by every layer, so that one median means one thing.
public enum Statistics {
    /// The median of values already sorted ascending, as numpy's `np.median`: the middle
    /// value of an odd count, the mean of the middle two of an even count (in double
    /// precision); NaN for no values.
    public static func median<T: BinaryFloatingPoint>(sorted values: [T]) -> Double {
        let n = values.count
        guard n > 0 else { return .nan }
        return n % 2 == 1 ? Double(values[n / 2]) : (Double(values[n / 2 - 1]) + Double(values[n / 2])) / 2
    }

    /// The median of `values` in any order (see ``median(sorted:)``).
    public static func median<T: BinaryFloatingPoint>(_ values: [T]) -> Double {
        median(sorted: values.sorted())
    }

    /// The q-quantile of values sorted ascending, interpolating linearly between order
    /// statistics (numpy's default method); nil for no values. q = 0.5 is ``median(sorted:)``.
    public static func quantile(sorted values: [Double], _ q: Double) -> Double? {
        guard !values.isEmpty else { return nil }
        let h = min(max(q, 0), 1) * Double(values.count - 1)
        let lo = Int(h.rounded(.down))
        let hi = min(lo + 1, values.count - 1)
        return values[lo] + (h - Double(lo)) * (values[hi] - values[lo])
    }
}
