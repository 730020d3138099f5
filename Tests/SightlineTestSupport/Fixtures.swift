import Foundation
import Numerics

/// Access to the committed reference fixtures in `Tests/Fixtures` (made by
/// `scripts/make_fixtures.py`; no Python is needed to read them).
public enum Fixtures {
    /// The fixtures folder.
    public static let directory: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures")

    public static func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    /// The shipped scenes, `Signals/scenes` (IQ scenes and timed `-risk.yaml` scenes).
    public static let scenes: URL = directory.deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Signals/scenes")

    /// A JSON fixture as a dictionary.
    public static func json(_ name: String) throws -> [String: Any] {
        let data = try Data(contentsOf: directory.appendingPathComponent(name))
        guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw FixtureError.malformed(name)
        }
        return object
    }

    /// A JSON fixture whose top level is an array.
    public static func jsonArray(_ name: String) throws -> [[String: Any]] {
        let data = try Data(contentsOf: directory.appendingPathComponent(name))
        guard let list = try JSONSerialization.jsonObject(with: data) as? [[String: Any]] else {
            throw FixtureError.malformed(name)
        }
        return list
    }

    /// The samples of the committed test mixture (cf32_le).
    public static func mixture() throws -> [Complex<Float>] {
        let data = try Data(contentsOf: directory.appendingPathComponent("mixture.sigmf-data"))
        return data.withUnsafeBytes { Array($0.bindMemory(to: Complex<Float>.self)) }
    }

    public enum FixtureError: Error { case malformed(String) }
}

/// A fresh temporary folder, removed by the caller when done.
public func temporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("sightline-test-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// Largest relative error max |a−b|/|b| over elements (b is the reference).
public func maxRelativeError(_ a: [Double], _ b: [Double]) -> Double {
    precondition(a.count == b.count, "length mismatch \(a.count) vs \(b.count)")
    var worst = 0.0
    for (x, y) in zip(a, b) {
        let e = abs(x - y) / max(abs(y), .leastNormalMagnitude)
        worst = max(worst, e)
    }
    return worst
}

/// The DFT in double precision, straight from its definition (the independent reference for
/// the FFT tests): X[k] = Σₙ x[n]·e^(−2πi·kn/N) for forward.
public func naiveDFT(_ x: [Complex<Float>], inverse: Bool = false) -> [Complex<Double>] {
    let n = x.count
    let sign = inverse ? 1.0 : -1.0
    return (0..<n).map { k in
        var re = 0.0
        var im = 0.0
        for j in 0..<n {
            let angle = sign * 2 * Double.pi * Double((k * j) % n) / Double(n)
            let xr = Double(x[j].real)
            let xi = Double(x[j].imaginary)
            re += xr * cos(angle) - xi * sin(angle)
            im += xr * sin(angle) + xi * cos(angle)
        }
        return Complex(re, im)
    }
}

/// Deterministic complex test data (a linear congruential sequence, no RNG state shared).
public func testVector(count: Int, seed: UInt64 = 1) -> [Complex<Float>] {
    var s = seed &* 6364136223846793005 &+ 1442695040888963407
    func next() -> Float {
        s = s &* 6364136223846793005 &+ 1442695040888963407
        return Float(Double(s >> 11) * 0x1.0p-53 * 2 - 1)
    }
    return (0..<count).map { _ in Complex(next(), next()) }
}
