// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "Sightline",
    products: [
        .library(name: "Sightline", targets: ["Sightline"]),
        .library(name: "SightlineCore", targets: ["SightlineCore"]),
        .library(name: "SightlineDSP", targets: ["SightlineDSP"]),
        .library(name: "SightlineRF", targets: ["SightlineRF"]),
        .library(name: "SightlineSignals", targets: ["SightlineSignals"]),
        .library(name: "SightlineDetect", targets: ["SightlineDetect"]),
        .library(name: "SightlineLocate", targets: ["SightlineLocate"]),
        .library(name: "SightlineScenario", targets: ["SightlineScenario"]),
        .library(name: "SightlineReport", targets: ["SightlineReport"]),
        // The command tree as a library, for the fuzz harnesses (Fuzz/) that parse options in-process.
        .library(name: "SightlineCLI", targets: ["SightlineCLI"]),
        .executable(name: "sightline", targets: ["sightline"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-numerics", from: "1.1.1"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        // `swift package generate-documentation` (make docs); a plugin only, linked into nothing.
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
    ],
    targets: [
        // System libraries, found through pkg-config; imported `internal` so they never leak.
        .systemLibrary(
            name: "CFFTW",
            pkgConfig: "fftw3f",
            providers: [.apt(["libfftw3-dev"])]
        ),
        .systemLibrary(
            name: "CPNG",
            pkgConfig: "libpng",
            providers: [.apt(["libpng-dev"])]
        ),
        .systemLibrary(
            name: "CLAPACK",
            pkgConfig: "lapacke",
            providers: [.apt(["liblapacke-dev"])]
        ),

        // The spectral loop's windowing pass in C, compiled for AVX-512/AVX2/baseline and chosen
        // at load time (the package itself builds for the x86-64 baseline).
        .target(name: "CSightlineKernels"),

        // Pure Swift foundations: errors, decibels, seeded randomness, atomic files.
        .target(name: "SightlineCore"),
        // FFT plans, windows, the Welch/STFT spectral loop.
        .target(
            name: "SightlineDSP",
            dependencies: [
                "SightlineCore", "CFFTW", "CSightlineKernels",
                .product(name: "Numerics", package: "swift-numerics"),
            ]
        ),
        // Path loss, diffraction, link budgets: pure numbers, no IQ.
        .target(name: "SightlineRF", dependencies: ["SightlineCore"]),
        // IQ sources and sinks: scenes, waveforms, noise, channels, arrays, SigMF.
        .target(
            name: "SightlineSignals",
            dependencies: [
                "SightlineCore", "SightlineDSP", "SightlineRF",
                .product(name: "Numerics", package: "swift-numerics"),
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        // CFAR over the spectrogram, regions, emissions, scoring.
        .target(
            name: "SightlineDetect",
            dependencies: [
                "SightlineCore", "SightlineDSP", "SightlineRF", "SightlineSignals",
                .product(name: "Numerics", package: "swift-numerics"),
            ]
        ),
        // Direction finding and localization (eigen-decompositions through LAPACK).
        .target(
            name: "SightlineLocate",
            dependencies: [
                "SightlineCore", "SightlineRF", "SightlineSignals", "CLAPACK",
                .product(name: "Numerics", package: "swift-numerics"),
            ]
        ),
        // Timed scenes, the IQ and measurement levels, Monte Carlo risk over calls.
        .target(
            name: "SightlineScenario",
            dependencies: [
                "SightlineCore", "SightlineDSP", "SightlineRF", "SightlineSignals", "SightlineDetect",
                "SightlineLocate",
                .product(name: "Numerics", package: "swift-numerics"),
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        // Pictures, tables and reports: PNG waterfalls, SVG plots and maps, CSV, the HTML risk report.
        .target(
            name: "SightlineReport",
            dependencies: [
                "SightlineCore", "SightlineDSP", "SightlineRF", "SightlineSignals", "SightlineDetect",
                "SightlineLocate",
                "SightlineScenario", "CPNG",
            ]
        ),
        // Umbrella that re-exports the libraries.
        .target(
            name: "Sightline",
            dependencies: [
                "SightlineCore", "SightlineDSP", "SightlineRF", "SightlineSignals", "SightlineDetect",
                "SightlineLocate",
                "SightlineScenario", "SightlineReport",
                .product(name: "Numerics", package: "swift-numerics"),
            ]
        ),
        // The command tree (a library so that tests can parse commands in-process).
        .target(
            name: "SightlineCLI",
            dependencies: [
                "Sightline",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(name: "sightline", dependencies: ["SightlineCLI"]),

        // Test support: fixtures, tolerance comparisons, a naive DFT reference.
        .target(
            name: "SightlineTestSupport",
            dependencies: ["Sightline", .product(name: "Numerics", package: "swift-numerics")],
            path: "Tests/SightlineTestSupport"
        ),
        .testTarget(
            name: "SightlineCoreTests",
            dependencies: ["SightlineCore"]
        ),
        .testTarget(
            name: "SightlineDSPTests",
            dependencies: ["SightlineDSP", "SightlineTestSupport"]
        ),
        .testTarget(
            name: "SightlineRFTests",
            dependencies: ["SightlineRF", "SightlineTestSupport"]
        ),
        .testTarget(
            name: "SightlineSignalsTests",
            dependencies: ["SightlineSignals", "SightlineTestSupport"]
        ),
        .testTarget(
            name: "SightlineDetectTests",
            dependencies: ["SightlineDetect", "SightlineTestSupport"]
        ),
        .testTarget(
            name: "SightlineLocateTests",
            dependencies: ["SightlineLocate", "SightlineTestSupport"]
        ),
        .testTarget(
            name: "SightlineScenarioTests",
            dependencies: ["SightlineScenario", "SightlineTestSupport"]
        ),
        .testTarget(
            name: "SightlineReportTests",
            dependencies: ["SightlineReport", "SightlineTestSupport"]
        ),
        .testTarget(
            name: "SightlineCLITests",
            dependencies: ["SightlineCLI", "SightlineTestSupport", "sightline"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
