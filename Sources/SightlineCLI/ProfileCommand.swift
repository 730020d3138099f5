import ArgumentParser
import Foundation
import Sightline

extension SampleEncoding: ExpressibleByArgument {
    /// SigMF's names are accepted too (`ci16_le`).
    public init?(argument: String) {
        let name = argument.hasSuffix("_le") ? String(argument.dropLast(3)) : argument
        self.init(rawValue: name)
    }
}

/// `sightline profile`: where the time of the FFT path goes on this machine.
public struct ProfileCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "profile",
        abstract: "Profile the spectral loop's FFT path on this machine: stages, plan, bound, scaling.",
        discussion: """
            In one process (the machine's speed drifts between processes, so only these side-by-side figures \
            compare): FFTW's plan for each transform length (fftwf_sprint_plan: its codelets show the SIMD level), \
            the transform rate on a cache-resident batch, the memory stream rate, each stage of the loop alone \
            (convert/window copy, transform, |X|² accumulate, read(2) from the page cache) and its share, the \
            whole loop in memory and through a file (read into blocks and mmap), the bound (transform + one \
            memory pass) and the fraction of it the loop reaches, and 1- and 2-thread scaling. Rates are in \
            millions of input samples per second; each figure is the best of the interleaved rounds.
            """
    )

    @Option(
        parsing: .unconditional,
        help: "Transform length(s), comma-separated (default 256,512,…,16384)."
    )
    public var nfft: String?

    @Option(help: "Window: \(WindowKind.namesHelp).") public var window: WindowKind = .hann

    @Option(parsing: .unconditional, help: "Overlap as a fraction of a frame, 0 ≤ F < 1.")
    public var overlap: Double = 0.5

    @Option(help: "Sample type of the input: cf32, ci16, ci8 or cu8 (SigMF's _le names accepted).")
    public var datatype: SampleEncoding = .cf32

    @Option(parsing: .unconditional, help: "Worker threads of the loop figure (scaling is on 1 and 2).")
    public var threads: Int = 1

    @Option(parsing: .unconditional, help: "Samples in the in-memory input (larger than the cache).")
    public var samples: Int = 1 << 23

    @Option(parsing: .unconditional, help: "Interleaved rounds; each figure is its best round.")
    public var rounds: Int = 3

    @Flag(help: "Print the profile document as JSON on stdout (and nothing else).")
    public var json = false

    public init() {}

    /// The options as the library takes them.
    public func options() throws -> FFTProfileOptions {
        var sizes = FFTProfileOptions.defaultSizes
        if let nfft {
            sizes = try nfft.split(separator: ",").map { part in
                guard let n = Int(part.trimmingCharacters(in: .whitespaces)) else {
                    throw ValidationError("--nfft \(nfft): give transform lengths as integers, comma-separated")
                }
                return n
            }
        }
        return FFTProfileOptions(
            nfftSizes: sizes,
            window: window,
            overlapFraction: overlap,
            encoding: datatype,
            threads: threads,
            samples: samples,
            rounds: rounds
        )
    }

    public func run() throws {
        let document = try FFTPathProfile.run(try options()) { line in
            FileHandle.standardError.write(Data((line + "\n").utf8))
        }
        print(json ? try document.json() : document.table())
    }
}
