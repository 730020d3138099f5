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
}
