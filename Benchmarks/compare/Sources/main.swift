// sightline-compare: Welch PSD throughput of Sightline beside its peers, in one run on the
// same samples. Usage: sightline-compare [--samples N] [--nfft N] [--repeats N]
import CBaselines
import Foundation
import Sightline

func argument(_ name: String, _ fallback: Int) -> Int {
    let args = CommandLine.arguments
    if let i = args.firstIndex(of: name), i + 1 < args.count, let v = Int(args[i + 1]) { return v }
    return fallback
}

let samples = argument("--samples", 1 << 23)
let nfft = argument("--nfft", 1024)
let repeats = argument("--repeats", 5)
let hop = nfft / 2

func log(_ s: String) { FileHandle.standardError.write(Data((s + "\n").utf8)) }

// The data: seeded complex noise plus a tone, 64-byte aligned.
log("generating \(samples) samples…")
let data = AlignedBuffer<Complex<Float>>(count: samples)
var rng = SeededGenerator(seed: 42)
for i in 0..<samples {
    let phase = 2 * Double.pi * 0.1234 * Double(i)
    data[i] = Complex(Float(rng.nextGaussian() + cos(phase)), Float(rng.nextGaussian() + sin(phase)))
}
let input = UnsafeBufferPointer(start: UnsafePointer(data.baseAddress), count: samples)

/// One timed contender: `body` processes all the samples once.
struct Contender {
    var name: String
    var body: () throws -> Void
    var best = Double.infinity
}

func seconds(_ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

@MainActor func sightlineContender(
    _ name: String,
    threads: Int,
    domain: WindowDomain,
    batch: Int? = nil,
    keep: Bool = false
) throws -> Contender {
    let config = SpectralConfiguration(
        nfft: nfft,
        window: .hann,
        sampleRateHz: 1,
        threads: threads,
        windowDomain: domain,
        batch: batch
    )
    // Warm-up plans (and wisdom) outside the timed runs.
    let warm = try SpectralLoop(configuration: config)
    warm.append(UnsafeBufferPointer(rebasing: input[0..<min(samples, 64 * nfft)]))
    _ = try warm.finish()
    return Contender(name: name) {
        let loop = try SpectralLoop(configuration: config)
        loop.append(input)
        let values = try loop.finish().values
        if keep { ours = values }
    }
}

var ours: [Double] = []
var cPSD = [Float](repeating: 0, count: nfft)
var liquidPSD = [Float](repeating: 0, count: nfft)
var systemPSD = [Float](repeating: 0, count: nfft)
var kissPSD = [Float](repeating: 0, count: nfft)
let systemFFTW = String(cString: baseline_fftw_system_version())
let raw = UnsafeRawPointer(data.baseAddress).assumingMemoryBound(to: Float.self)
baseline_fftw_prepare(Int32(nfft))
// Plans of the dlopen'd FFTW outside the timed runs.
_ = baseline_fftw_welch_system(raw, 4 * nfft, Int32(nfft), Int32(hop), &systemPSD)

// The transforms alone: the same frames through one batched FFTW plan, nothing else.
let fftOnly = AlignedBuffer<Complex<Float>>(count: 16 * nfft)
let fftPlan = FFTPlanCache.shared.plan(
    for: FFTShape(size: nfft, direction: .forward, batch: 16, inputDistance: hop, outputDistance: nfft),
    input: data.baseAddress,
    output: fftOnly.baseAddress
)

let tmp = FileManager.default.temporaryDirectory.appendingPathComponent("sightline-compare-\(getpid()).cf32")
try Data(bytes: data.baseAddress, count: samples * 8).write(to: tmp)
defer { try? FileManager.default.removeItem(at: tmp) }

/// Sightline's loop fed by read(2) from the file (in the page cache) into its block buffer,
/// as `sightline spectrum` reads a cf32 recording.
func sightlineThroughFile() throws {
    let config = SpectralConfiguration(nfft: nfft, window: .hann, sampleRateHz: 1, threads: 1)
    let loop = try SpectralLoop(configuration: config)
    let fd = open(tmp.path, O_RDONLY)
    defer { close(fd) }
    while true {
        let got = loop.fillRaw { start, room in
            var filled = 0
            while filled < room * 8 {
                let n = read(fd, start + filled, room * 8 - filled)
                if n <= 0 { break }
                filled += n
            }
            return filled / 8
        }
        if got == 0 { break }
    }
    _ = try loop.finish()
}
var filePSD = [Float](repeating: 0, count: nfft)

var contenders = [
    try sightlineContender("Sightline, 1 thread", threads: 1, domain: .automatic, keep: true),
    try sightlineContender("Sightline, 1 thread, window in freq. domain", threads: 1, domain: .frequency),
    try sightlineContender("Sightline, 2 threads", threads: 2, domain: .automatic),
    try sightlineContender("Sightline, 1 thread, batch 1", threads: 1, domain: .automatic, batch: 1),
    try sightlineContender("Sightline, 1 thread, batch 2", threads: 1, domain: .automatic, batch: 2),
    try sightlineContender("Sightline, 1 thread, batch 8", threads: 1, domain: .automatic, batch: 8),
    Contender(name: "plain C loop over FFTW") { _ = baseline_fftw_welch(raw, samples, Int32(nfft), Int32(hop), &cPSD) },
    Contender(name: "plain C loop over Debian's FFTW (\(systemFFTW))") {
        _ = baseline_fftw_welch_system(raw, samples, Int32(nfft), Int32(hop), &systemPSD)
    },
    Contender(name: "Sightline, 1 thread, through the file (read)") { try sightlineThroughFile() },
    Contender(name: "plain C loop over FFTW, mmap'd file") {
        _ = baseline_fftw_welch_mmap(tmp.path, Int32(nfft), Int32(hop), &filePSD)
    },
    Contender(name: "plain C loop over KissFFT") {
        _ = baseline_kissfft_welch(raw, samples, Int32(nfft), Int32(hop), &kissPSD)
    },
    Contender(name: "liquid-dsp spgramcf") {
        _ = baseline_liquid_spgram(raw, samples, Int32(nfft), Int32(hop), &liquidPSD)
    },
    Contender(name: "(FFTW transforms alone: the ceiling)") {
        let frames = (samples - nfft) / hop + 1
        var f = 0
        while f + 16 <= frames {
            fftPlan.execute(input: data.baseAddress + f * hop, output: fftOnly.baseAddress)
            f += 16
        }
    },
]

// Rounds: every contender once per round, best time kept, so that slow drifts of the
// machine (frequency, neighbours) hit all contenders alike.
log("timing \(contenders.count) contenders over \(repeats) rounds…")
for _ in 0..<repeats {
    for i in contenders.indices {
        contenders[i].best = min(contenders[i].best, try seconds(contenders[i].body))
    }
}

/// Runs one of the Python peers beside this file; its best time in seconds, nil if it skips.
func pythonPeer(_ script: String) -> Double? {
    let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent(script).path
    let python = Process()
    python.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    python.arguments = ["python3", path, tmp.path, "\(nfft)", "3"]
    let pipe = Pipe()
    python.standardOutput = pipe
    do {
        try python.run()
        let out = pipe.fileHandleForReading.readDataToEndOfFile()
        python.waitUntilExit()
        let text = String(decoding: out, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        if text == "skip" { log("\(script): skipped (not installed)") }
        return Double(text)
    } catch {
        log("\(script) not run: \(error)")
        return nil
    }
}
for (name, script) in [
    ("scipy.signal.welch", "scipy_welch.py"), ("numpy FFT Welch", "numpy_welch.py"),
    ("GNU Radio fft_vcc flowgraph", "gnuradio_fft.py"),
] {
    log("\(name)…")
    if let t = pythonPeer(script) { contenders.append(Contender(name: name, body: {}, best: t)) }
}
let oneThread = contenders[0].best
let twoThreads = contenders[2].best

// Sanity: the C loop computes the same unscaled PSD (natural order) as ours (scaled, shifted).
let window = Window(.hann, length: nfft)
let frames = (samples - nfft) / hop + 1
let scale = 1 / (window.sumOfSquares * Double(frames))
var worst = 0.0
for k in 0..<nfft {
    let shifted = (k + nfft / 2) % nfft  // ascending index of natural bin k
    worst = max(worst, abs(ours[shifted] / (Double(cPSD[k]) * scale) - 1))
}

let ms = Double(samples) / 1e6
@MainActor func row(_ name: String, _ t: Double) -> String {
    let rate = ms / t
    let padded = name.padding(toLength: 60, withPad: " ", startingAt: 0)
    return padded + String(format: " %9.1f MS/s   Sightline 1 thread is %6.2f× this", rate, t / oneThread)
}
var cpu = "unknown CPU"
if let info = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
    let line = info.split(separator: "\n").first(where: { $0.hasPrefix("model name") })
{
    cpu = line.split(separator: ":", maxSplits: 1).last.map { $0.trimmingCharacters(in: .whitespaces) } ?? cpu
}
print("FFTW linked: \(FFTLibrary.version) (\(FFTLibrary.location)); Debian's via dlopen: \(systemFFTW)")
print(
    "Welch PSD, nfft \(nfft), Hann, 50 % overlap, cf32, \(samples) samples, best of \(repeats) rounds; \(cpu), \(ProcessInfo.processInfo.activeProcessorCount) cores"
)
for c in contenders { print(row(c.name, c.best)) }
print(
    String(
        format: "two threads / one thread: %.2f×;  max relative difference from the C loop: %.1e",
        oneThread / twoThreads,
        worst
    )
)
