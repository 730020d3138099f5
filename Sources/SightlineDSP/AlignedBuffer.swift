#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A fixed-size buffer of trivially copyable elements whose storage starts on a 64-byte
/// boundary (a cache line, and more than any SIMD width FFTW uses). Hot loops work on its
/// `baseAddress` directly; the buffer is never copied implicitly. Not `Sendable`: its
/// contents are shared mutable memory; a buffer handed to another thread goes behind a lock.
public final class AlignedBuffer<Element> {
    /// Byte alignment of `baseAddress`.
    public static var alignment: Int { 64 }

    public let count: Int
    public let baseAddress: UnsafeMutablePointer<Element>

    /// Allocates `count` elements, zero-filled unless `zeroed` is false (then the contents
    /// are unspecified until written: for buffers that are always filled before use).
    public init(count: Int, zeroed: Bool = true) {
        precondition(count >= 0, "AlignedBuffer count must be non-negative")
        precondition(_isPOD(Element.self), "AlignedBuffer holds trivial (plain-old-data) elements only")
        self.count = count
        var raw: UnsafeMutableRawPointer?
        let bytes = max(1, count) * MemoryLayout<Element>.stride
        let status = posix_memalign(&raw, Self.alignment, bytes)
        guard status == 0, let raw else { fatalError("out of memory allocating \(bytes) bytes") }
        if zeroed { memset(raw, 0, bytes) }
        baseAddress = raw.bindMemory(to: Element.self, capacity: max(1, count))
    }

    deinit { free(baseAddress) }

    /// The elements as a mutable buffer pointer, valid for the life of `self`.
    @inlinable
    public var buffer: UnsafeMutableBufferPointer<Element> {
        UnsafeMutableBufferPointer(start: baseAddress, count: count)
    }

    /// Sets every element to `value`.
    public func fill(with value: Element) {
        baseAddress.update(repeating: value, count: count)
    }

    public subscript(index: Int) -> Element {
        get {
            precondition(index >= 0 && index < count)
            return baseAddress[index]
        }
        set {
            precondition(index >= 0 && index < count)
            baseAddress[index] = newValue
        }
    }

    /// A copy of the contents as an array (for tests and small results, not hot loops).
    public func toArray() -> [Element] { Array(buffer) }
}
