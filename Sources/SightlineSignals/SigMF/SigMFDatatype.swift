import Numerics

/// SigMF `core:datatype` values (SigMF specification v1.2, "Dataset Format").
///
/// Sightline reads and writes every complex little-endian type; real and big-endian types
/// are named so that a file using one gets a precise "unsupported" error.
public enum SigMFDatatype: String, Sendable, CaseIterable {
    case cf64LE = "cf64_le"
    case cf32LE = "cf32_le"
    case ci32LE = "ci32_le"
    case ci16LE = "ci16_le"
    case ci8 = "ci8"
    case cu32LE = "cu32_le"
    case cu16LE = "cu16_le"
    case cu8 = "cu8"
    case cf64BE = "cf64_be"
    case cf32BE = "cf32_be"
    case ci32BE = "ci32_be"
    case ci16BE = "ci16_be"
    case rf32LE = "rf32_le"
    case rf64LE = "rf64_le"
    case ri16LE = "ri16_le"
    case ri8 = "ri8"
    case ru8 = "ru8"

    /// Bytes per sample of one channel.
    public var bytesPerSample: Int {
        switch self {
        case .cf64LE, .cf64BE: 16
        case .cf32LE, .cf32BE, .ci32LE, .ci32BE, .cu32LE, .rf64LE: 8
        case .ci16LE, .ci16BE, .cu16LE, .rf32LE: 4
        case .ci8, .cu8, .ri16LE: 2
        case .ri8, .ru8: 1
        }
    }

    /// Whether this build reads and writes the type.
    public var isSupported: Bool {
        switch self {
        case .cf64LE, .cf32LE, .ci32LE, .ci16LE, .ci8, .cu32LE, .cu16LE, .cu8: true
        default: false
        }
    }

    public static var supportedNames: String {
        allCases.filter(\.isSupported).map(\.rawValue).joined(separator: ", ")
    }

    /// Whether samples are integers (which need a scale to map to and from floats).
    public var isInteger: Bool { !(self == .cf32LE || self == .cf64LE) }

    /// The integer value of full scale (a float of magnitude 1 when no `sightline:scale` is
    /// recorded): 2^(bits−1). Unsigned types are offset-binary about 2^(bits−1) − ½.
    public var fullScale: Double {
        switch self {
        case .ci8, .cu8: 128
        case .ci16LE, .cu16LE: 32768
        case .ci32LE, .cu32LE: 2_147_483_648
        default: 1
        }
    }

    /// The offset of an unsigned type's zero (2^(bits−1) − ½), 0 for signed and float types.
    public var unsignedOffset: Double {
        switch self {
        case .cu8, .cu16LE, .cu32LE: fullScale - 0.5
        default: 0
        }
    }

    /// Decodes `frames·channels` samples from `raw` (little-endian), dividing integers by
    /// `scale` after removing the unsigned offset.
    public func decode(
        _ raw: UnsafeRawBufferPointer,
        count: Int,
        scale: Double,
        into out: UnsafeMutableBufferPointer<Complex<Float>>
    ) {
        let s = Float(1 / scale)
        let off = Float(unsignedOffset)
        switch self {
        case .cf32LE:
            for i in 0..<count {
                out[i] = Complex(
                    Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: 8 * i, as: UInt32.self))),
                    Float(
                        bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: 8 * i + 4, as: UInt32.self))
                    )
                )
            }
        case .cf64LE:
            for i in 0..<count {
                out[i] = Complex(
                    Float(
                        Double(
                            bitPattern: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: 16 * i, as: UInt64.self))
                        )
                    ),
                    Float(
                        Double(
                            bitPattern: UInt64(
                                littleEndian: raw.loadUnaligned(fromByteOffset: 16 * i + 8, as: UInt64.self)
                            )
                        )
                    )
                )
            }
        case .ci32LE:
            // 32-bit integers exceed a Float's 24-bit significand: scale in Double.
            let sd = 1 / scale
            for i in 0..<count {
                out[i] = Complex(
                    Float(Double(Int32(littleEndian: raw.loadUnaligned(fromByteOffset: 8 * i, as: Int32.self))) * sd),
                    Float(
                        Double(Int32(littleEndian: raw.loadUnaligned(fromByteOffset: 8 * i + 4, as: Int32.self))) * sd
                    )
                )
            }
        case .ci16LE:
            for i in 0..<count {
                out[i] = Complex(
                    Float(Int16(littleEndian: raw.loadUnaligned(fromByteOffset: 4 * i, as: Int16.self))) * s,
                    Float(Int16(littleEndian: raw.loadUnaligned(fromByteOffset: 4 * i + 2, as: Int16.self))) * s
                )
            }
        case .ci8:
            for i in 0..<count {
                out[i] = Complex(Float(Int8(bitPattern: raw[2 * i])) * s, Float(Int8(bitPattern: raw[2 * i + 1])) * s)
            }
        case .cu32LE:
            let sd = 1 / scale
            let offd = unsignedOffset
            for i in 0..<count {
                out[i] = Complex(
                    Float(
                        (Double(UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: 8 * i, as: UInt32.self))) - offd)
                            * sd
                    ),
                    Float(
                        (Double(UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: 8 * i + 4, as: UInt32.self)))
                            - offd) * sd
                    )
                )
            }
        case .cu16LE:
            for i in 0..<count {
                out[i] = Complex(
                    (Float(UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: 4 * i, as: UInt16.self))) - off) * s,
                    (Float(UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: 4 * i + 2, as: UInt16.self))) - off)
                        * s
                )
            }
        case .cu8:
            for i in 0..<count {
                out[i] = Complex((Float(raw[2 * i]) - off) * s, (Float(raw[2 * i + 1]) - off) * s)
            }
        default:
            preconditionFailure("\(rawValue) is not supported; callers check isSupported")
        }
    }

    /// Encodes `count` samples into `raw` (little-endian): integers are `x·scale` (plus the
    /// unsigned offset) rounded to nearest and saturated to the type's range. Returns the
    /// number of samples that saturated.
    @discardableResult
    public func encode(
        _ samples: UnsafeBufferPointer<Complex<Float>>,
        scale: Double,
        into raw: UnsafeMutableRawBufferPointer
    ) -> Int {
        var clipped = 0
        func quantise(_ x: Float, _ lo: Double, _ hi: Double) -> Double {
            let v = (Double(x) * scale + unsignedOffset).rounded()
            if v < lo {
                clipped += 1
                return lo
            }
            if v > hi {
                clipped += 1
                return hi
            }
            return v
        }
        switch self {
        case .cf32LE:
            for (i, x) in samples.enumerated() {
                raw.storeBytes(of: x.real.bitPattern.littleEndian, toByteOffset: 8 * i, as: UInt32.self)
                raw.storeBytes(of: x.imaginary.bitPattern.littleEndian, toByteOffset: 8 * i + 4, as: UInt32.self)
            }
        case .cf64LE:
            for (i, x) in samples.enumerated() {
                raw.storeBytes(of: Double(x.real).bitPattern.littleEndian, toByteOffset: 16 * i, as: UInt64.self)
                raw.storeBytes(
                    of: Double(x.imaginary).bitPattern.littleEndian,
                    toByteOffset: 16 * i + 8,
                    as: UInt64.self
                )
            }
        case .ci32LE:
            for (i, x) in samples.enumerated() {
                raw.storeBytes(
                    of: Int32(quantise(x.real, -2_147_483_648, 2_147_483_647)).littleEndian,
                    toByteOffset: 8 * i,
                    as: Int32.self
                )
                raw.storeBytes(
                    of: Int32(quantise(x.imaginary, -2_147_483_648, 2_147_483_647)).littleEndian,
                    toByteOffset: 8 * i + 4,
                    as: Int32.self
                )
            }
        case .ci16LE:
            for (i, x) in samples.enumerated() {
                raw.storeBytes(
                    of: Int16(quantise(x.real, -32768, 32767)).littleEndian,
                    toByteOffset: 4 * i,
                    as: Int16.self
                )
                raw.storeBytes(
                    of: Int16(quantise(x.imaginary, -32768, 32767)).littleEndian,
                    toByteOffset: 4 * i + 2,
                    as: Int16.self
                )
            }
        case .ci8:
            for (i, x) in samples.enumerated() {
                raw[2 * i] = UInt8(bitPattern: Int8(quantise(x.real, -128, 127)))
                raw[2 * i + 1] = UInt8(bitPattern: Int8(quantise(x.imaginary, -128, 127)))
            }
        case .cu32LE:
            for (i, x) in samples.enumerated() {
                raw.storeBytes(
                    of: UInt32(quantise(x.real, 0, 4_294_967_295)).littleEndian,
                    toByteOffset: 8 * i,
                    as: UInt32.self
                )
                raw.storeBytes(
                    of: UInt32(quantise(x.imaginary, 0, 4_294_967_295)).littleEndian,
                    toByteOffset: 8 * i + 4,
                    as: UInt32.self
                )
            }
        case .cu16LE:
            for (i, x) in samples.enumerated() {
                raw.storeBytes(
                    of: UInt16(quantise(x.real, 0, 65535)).littleEndian,
                    toByteOffset: 4 * i,
                    as: UInt16.self
                )
                raw.storeBytes(
                    of: UInt16(quantise(x.imaginary, 0, 65535)).littleEndian,
                    toByteOffset: 4 * i + 2,
                    as: UInt16.self
                )
            }
        case .cu8:
            for (i, x) in samples.enumerated() {
                raw[2 * i] = UInt8(quantise(x.real, 0, 255))
                raw[2 * i + 1] = UInt8(quantise(x.imaginary, 0, 255))
            }
        default:
            preconditionFailure("\(rawValue) is not supported; callers check isSupported")
        }
        return clipped
    }
}
