// swift-tools-version:6.1
// Sightline's benchmarks, a package of their own so that the main build stays lean.
//   swift package benchmark          the package-benchmark suites (FFT sizes, Welch, STFT;
//                                    noise, GSM and scene generation)
//   swift run -c release sightline-compare   one run beside a C FFTW loop, liquid-dsp, scipy
import Foundation
import PackageDescription

// The parent package is depended on by path; its identity is its folder's name.
let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
let rootIdentity = root.lastPathComponent.lowercased()

/// One package-benchmark suite: Benchmarks/<name>/, linked against the Sightline umbrella.
func suite(_ name: String) -> Target {
    .executableTarget(
        name: name,
        dependencies: [
            .product(name: "Benchmark", package: "benchmark"),
            .product(name: "Sightline", package: rootIdentity),
        ],
        path: "Benchmarks/\(name)",
        plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
    )
}

let package = Package(
    name: "SightlineBenchmarks",
    dependencies: [
        .package(path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        suite("SpectralBenchmarks"),
        suite("SignalBenchmarks"),
        suite("ScenarioBenchmarks"),
        // The peers: a plain C loop over FFTW (the linked one and Debian's, loaded with dlopen), over
        // KissFFT, and liquid-dsp's spgramcf.
        .target(
            name: "CBaselines",
            path: "compare/CBaselines",
            linkerSettings: [
                .linkedLibrary("fftw3f"), .linkedLibrary("liquid"), .linkedLibrary("kissfft-float"),
                .linkedLibrary("m"),
            ]
        ),
        .executableTarget(
            name: "sightline-compare",
            dependencies: ["CBaselines", .product(name: "Sightline", package: rootIdentity)],
            path: "compare/Sources"
        ),
    ]
)
