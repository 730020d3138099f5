import Numerics
import SightlineCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Pseudo-Doppler direction finding on a uniform circular array: the receiver commutates
/// round the M elements, one sample each (emulated here by taking element s mod M from
/// snapshot s), and an FM discriminator sees the phase steps D_k = φ_{k+1} − φ_k with
/// φ_k = A·cos(θ − γ_k), A = 2πR/λ, γ_k = 2πk/M. These are a sampled sine,
/// D_k = 2A·sin(π/M)·sin(θ − β_k), β_k = γ_k + π/M, whose fundamental gives the bearing:
/// Σ_k D_k·e^{jβ_k} = −j·A·M·sin(π/M)·e^{jθ}. A carrier offset adds the same step to every
/// D_k and drops out of the sum. Needs |D_k| < π: 2A·sin(π/M) < π.
public enum PseudoDoppler {
    public struct Bearing: Sendable {
        public var azimuthDegrees: Double
        /// The bearing's standard deviation (degrees), by batch means (see `estimate`).
        public var sigmaDegrees: Double
        /// Whole commutation cycles used, and the batches the sigma was measured over.
        public var cycles: Int
        public var batches: Int
    }

    public static func bearing(
        snapshots x: [Complex<Float>],
        elements m: Int,
        radiusMeters r: Double,
        wavelengthMeters lambda: Double
    ) throws -> Double {
        try estimate(snapshots: x, elements: m, radiusMeters: r, wavelengthMeters: lambda).azimuthDegrees
    }

    /// The bearing and its standard deviation. Z = Σ D_k·e^{jβ_k} is summed over whole
    /// commutation cycles only (a partial cycle would leave a carrier-offset residue), and
    /// the sigma is measured on the data by batch means: the cycles are split into B ≤ 16
    /// consecutive batches Z_b (each many noise and modulation correlation times long), and
    /// with u = Z/|Z| the bearing's variance is (B/(B − 1))·Σ_b Im(Z_b·u*)² / |Z|². This
    /// holds whatever disturbs the phase steps — thermal noise at any SNR, the signal's own
    /// modulation (which the FM discriminator sees as steps common to all elements),
    /// correlated noise of an oversampled channel — as long as batches are independent.
    /// The IQ-level calibration test (`PseudoDopplerCalibrationTests`) checks it against the
    /// measured RMSE on GSM bursts at 0, 10 and 20 dB.
    public static func estimate(
        snapshots x: [Complex<Float>],
        elements m: Int,
        radiusMeters r: Double,
        wavelengthMeters lambda: Double,
        maxBatches: Int = 32
    ) throws -> Bearing {
        let a = 2 * Double.pi * r / lambda
        guard m >= 3, 2 * a * sin(Double.pi / Double(m)) < Double.pi else {
            throw SightlineError(
                .invalidValue,
                location: "bearing",
                field: "array",
                message: "the circle is too large for pseudo-Doppler at this wavelength (phase steps wrap)",
                fix: "use a radius below λ/(4·sin(π/M)), or music"
            )
        }
        let frames = x.count / m
        let cycles = (frames - 1) / m
        guard frames > m, cycles >= 16 else {
            throw SightlineError(
                .invalidValue,
                location: "bearing",
                field: "snapshots",
                message:
                    """
                    \(max(cycles, 0)) commutation cycle(s) in the span: pseudo-Doppler needs at least 16 to \
                    measure its sigma
                    """,
                fix: "use a longer span"
            )
        }
        let batches = min(maxBatches, cycles / 2)
        var perBatch = [Complex<Double>](repeating: .zero, count: batches)
        let weights = (0..<m).map { k -> Complex<Double> in
            let beta = 2 * Double.pi * Double(k) / Double(m) + Double.pi / Double(m)
            return Complex(cos(beta), sin(beta))
        }
        var previous = x[0]
        for s in 1...(cycles * m) {
            let k = s % m
            let current = x[s * m + k]
            let step = current * previous.conjugate
            let batch = (s - 1) / m * batches / cycles
            perBatch[batch] += weights[(k - 1 + m) % m] * Complex(Double(atan2(step.imaginary, step.real)), 0)
            previous = current
        }
        let sum = perBatch.reduce(Complex<Double>.zero, +)
        var degrees = (atan2(sum.imaginary, sum.real) + Double.pi / 2) * 180 / .pi
        degrees = degrees.truncatingRemainder(dividingBy: 360)
        if degrees < 0 { degrees += 360 }
        let length = sum.length
        let u = length > 0 ? sum / Complex(length, 0) : Complex(1, 0)
        let across = perBatch.map { ($0 * u.conjugate).imaginary }
        let lag0 = across.reduce(0) { $0 + $1 * $1 }
        let lag1 = zip(across, across.dropFirst()).reduce(0) { $0 + $1.0 * $1.1 }
        let b = Double(batches)
        let variance = b * b / ((b - 1) * (b - 2)) * max(lag0 + 2 * lag1, lag0 / b) / max(length * length, 1e-300)
        let sigma = length > 0 ? min(variance.squareRoot() * 180 / .pi, 360) : 360
        return Bearing(azimuthDegrees: degrees, sigmaDegrees: sigma, cycles: cycles, batches: batches)
    }
}

extension PseudoDoppler {
    /// The bandwidth holding `fraction` of the signal's power (Hz), measured on all-element
    /// samples at the full rate: Welch cross-spectral matrices (Hann, 64 bins, half overlap),
    /// whose largest eigenvalue less the mean of the others is M times the signal's power
    /// density in each bin (the noise is uncorrelated across elements, the signal is not),
    /// then the narrowest band of bins, centred where the power is, that holds the fraction,
    /// less two bins for the window's own spread (a tone measures 0, GSM filtered to 200 kHz
    /// about 160 kHz; resolution fs/64).
    public static func occupiedBandwidthHz(
        snapshots x: [Complex<Float>],
        elements m: Int,
        sampleRateHz fs: Double,
        fraction: Double = 0.99
    ) throws -> Double {
        let nfft = 64
        let hop = 32
        let frames = x.count / m
        guard frames >= nfft else { return 0 }
        let window = (0..<nfft).map { 0.5 - 0.5 * cos(2 * Double.pi * Double($0) / Double(nfft)) }
        var spectra = [ComplexMatrix](repeating: ComplexMatrix(rows: m, columns: m), count: nfft)
        var re = [Double](repeating: 0, count: nfft * m)
        var im = re
        var start = 0
        while start + nfft <= frames {
            for c in 0..<m {
                for i in 0..<nfft {
                    let v = x[(start + i) * m + c]
                    re[c * nfft + i] = Double(v.real) * window[i]
                    im[c * nfft + i] = Double(v.imaginary) * window[i]
                }
                re.withUnsafeMutableBufferPointer { r in
                    im.withUnsafeMutableBufferPointer { q in
                        fft64(
                            UnsafeMutableBufferPointer(rebasing: r[(c * nfft)..<((c + 1) * nfft)]),
                            UnsafeMutableBufferPointer(rebasing: q[(c * nfft)..<((c + 1) * nfft)])
                        )
                    }
                }
            }
            for f in 0..<nfft {
                for i in 0..<m {
                    for j in i..<m {
                        let a = Complex(re[i * nfft + f], im[i * nfft + f])
                        let b = Complex(re[j * nfft + f], im[j * nfft + f])
                        spectra[f][i, j] = spectra[f][i, j] + a * b.conjugate
                    }
                }
            }
            start += hop
        }
        for f in 0..<nfft { for i in 0..<m { for j in 0..<i { spectra[f][i, j] = spectra[f][j, i].conjugate } } }
        // Signal power per bin, frequency-ordered from −fs/2 (bin nfft/2) up to fs/2.
        var power = [Double](repeating: 0, count: nfft)
        for f in 0..<nfft {
            let values = try spectra[f].hermitianEigen().values
            let noise = values.dropLast().reduce(0, +) / Double(m - 1)
            power[(f + nfft / 2) % nfft] = max(0, values.last! - noise)
        }
        let total = power.reduce(0, +)
        guard total > 0 else { return 0 }
        var best = nfft
        for width in 1...nfft {
            var window = power[0..<width].reduce(0, +)
            if window >= fraction * total {
                best = width
                break
            }
            var found = false
            for lo in 1...(nfft - width) {
                window += power[lo + width - 1] - power[lo - 1]
                if window >= fraction * total {
                    found = true
                    break
                }
            }
            if found {
                best = width
                break
            }
        }
        // Less the spread of the Hann window's main lobe (a pure tone reads three bins).
        return Double(max(0, best - 2)) * fs / Double(nfft)
    }

    /// In-place radix-2 FFT of 64 points (split real and imaginary parts), bins in the
    /// natural order 0 … 63.
    static func fft64(_ re: UnsafeMutableBufferPointer<Double>, _ im: UnsafeMutableBufferPointer<Double>) {
        let n = re.count
        var j = 0
        for i in 1..<n {
            var bit = n >> 1
            while j & bit != 0 {
                j ^= bit
                bit >>= 1
            }
            j |= bit
            if i < j {
                re.swapAt(i, j)
                im.swapAt(i, j)
            }
        }
        var length = 2
        while length <= n {
            let angle = -2 * Double.pi / Double(length)
            for k in 0..<(length / 2) {
                let wr = cos(angle * Double(k))
                let wi = sin(angle * Double(k))
                var i = k
                while i < n {
                    let u = i
                    let v = i + length / 2
                    let tr = re[v] * wr - im[v] * wi
                    let ti = re[v] * wi + im[v] * wr
                    re[v] = re[u] - tr
                    im[v] = im[u] - ti
                    re[u] += tr
                    im[u] += ti
                    i += length
                }
            }
            length <<= 1
        }
    }

    /// The commutation allows a signal narrower than its rate, fs/M: the receiver's FM
    /// discriminator sees the Doppler tone at fs/M, and a signal of occupied bandwidth B has
    /// frequency modulation out to about B/2 (Carson), so up to B = fs/M the modulation
    /// stays clear of the tone with a factor-two margin; beyond 2·fs/M it reaches it and the
    /// bearing is unreliable (the batch-means sigma sees random modulation, not periodic
    /// modulation such as a sweep). Returns the warnings for the document and whether the
    /// bearing must be reported unresolved.
    public static func bandwidthCheck(
        snapshots x: [Complex<Float>],
        elements m: Int,
        sampleRateHz fs: Double
    ) throws
        -> (warnings: [String], refuse: Bool, occupiedHz: Double)
    {
        let occupied = try occupiedBandwidthHz(snapshots: x, elements: m, sampleRateHz: fs)
        let rate = fs / Double(m)
        if occupied > 2 * rate {
            return (
                [
                    String(
                        format:
                            """
                            the signal is %.0f kHz wide (99 %% power), more than twice the commutation rate %.0f \
                            kHz (fs/M): its modulation reaches the Doppler tone, so the bearing is not reliable; \
                            use music, or sample faster
                            """,
                        occupied / 1e3,
                        rate / 1e3
                    )
                ], true, occupied
            )
        }
        if occupied > rate {
            return (
                [
                    String(
                        format:
                            """
                            the signal is %.0f kHz wide (99 %% power), wider than the commutation rate %.0f kHz \
                            (fs/M): its modulation may bias the bearing beyond its sigma; sample faster, or use \
                            music
                            """,
                        occupied / 1e3,
                        rate / 1e3
                    )
                ], false, occupied
            )
        }
        return ([], false, occupied)
    }
}
