// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "Fovea",
    products: [
        .executable(name: "fovea", targets: ["fovea"]),
        .library(name: "FoveaWeights", targets: ["FoveaWeights"]),
        .library(name: "FoveaTensor", targets: ["FoveaTensor"]),
        .library(name: "FoveaNN", targets: ["FoveaNN"]),
        .library(name: "FoveaOptim", targets: ["FoveaOptim"]),
        .library(name: "FoveaImage", targets: ["FoveaImage"]),
        .library(name: "FoveaData", targets: ["FoveaData"]),
        .library(name: "FoveaModels", targets: ["FoveaModels"]),
        .library(name: "FoveaTraining", targets: ["FoveaTraining"]),
        .library(name: "FoveaMetrics", targets: ["FoveaMetrics"]),
        .library(name: "FoveaReport", targets: ["FoveaReport"]),
        .library(name: "FoveaServer", targets: ["FoveaServer"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.19"),
        .package(url: "https://github.com/jpsim/Yams", from: "5.0.1"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/vapor/multipart-kit", from: "4.7.1"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
    ],
    targets: [
        // Weight files (safetensors, PyTorch .pth) in pure Swift: readable without loading libtorch.
        .target(name: "FoveaWeights", dependencies: ["ZIPFoundation"]),
        // The one guarded C boundary over ATen (Debian's libtorch-dev).
        .target(name: "CTorch", linkerSettings: [.linkedLibrary("torch_cpu"), .linkedLibrary("c10")]),
        .target(name: "FoveaTensor", dependencies: ["CTorch", "FoveaWeights"]),
        .target(name: "FoveaNN", dependencies: ["FoveaTensor"]),
        .target(name: "FoveaOptim", dependencies: ["FoveaNN"]),
        // libvips through pkg-config; its API is variadic, so a small C shim wraps it.
        .systemLibrary(name: "CVipsSystem", pkgConfig: "vips", providers: [.apt(["libvips-dev"])]),
        .target(name: "CVips", dependencies: ["CVipsSystem"]),
        .target(name: "FoveaImage", dependencies: ["CVips"]),
        .systemLibrary(name: "CFoveaZlib", providers: [.apt(["zlib1g-dev"])]),
        // SHA-256 for the dataset index, from OpenSSL's libcrypto (hardware-accelerated, nothing to compile).
        .systemLibrary(name: "CFoveaCrypto", pkgConfig: "libcrypto", providers: [.apt(["libssl-dev"])]),
        // The dataset index (Index/) is a SQLite file per dataset through GRDB; check and split read it.
        .target(
            name: "FoveaData",
            dependencies: [
                "FoveaImage", "FoveaTensor", "CFoveaZlib", "CFoveaCrypto", "CCairo",
                .product(name: "GRDB", package: "GRDB.swift"), .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ]),
        .target(name: "FoveaModels", dependencies: ["FoveaNN"]),
        // The run registry (Registry/) keeps every run in SQLite through GRDB; `fovea search` uses FoveaMetrics' k-NN.
        .target(
            name: "FoveaTraining",
            dependencies: [
                "FoveaModels", "FoveaOptim", "FoveaData", "FoveaMetrics", .product(name: "GRDB", package: "GRDB.swift"),
            ]),
        // Classification metrics, retrieval evaluation and exact nearest-neighbour search.
        .target(name: "FoveaMetrics", dependencies: ["FoveaTensor"]),
        // Charts drawn with cairo (Debian's libcairo2-dev) into PNG and SVG.
        .systemLibrary(name: "CCairo", pkgConfig: "cairo", providers: [.apt(["libcairo2-dev"])]),
        .target(name: "FoveaReport", dependencies: ["FoveaMetrics", "FoveaImage", "CCairo", "FoveaTraining"]),
        // `fovea serve`: the Hummingbird app, its routes and the batching inference actor.
        .target(
            name: "FoveaServer",
            dependencies: [
                "FoveaTraining", "FoveaImage",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "MultipartKit", package: "multipart-kit"),
                .product(name: "Logging", package: "swift-log"),
            ],
            resources: [.copy("Resources")]),
        .executableTarget(
            name: "fovea",
            dependencies: [
                "FoveaTraining",
                "FoveaServer",
                "FoveaMetrics",
                "FoveaReport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        // Shared by the test targets: tolerance checks and golden fixtures.
        .target(name: "FoveaTestSupport", dependencies: ["FoveaTensor"], path: "Tests/FoveaTestSupport"),
        .testTarget(name: "FoveaWeightsTests", dependencies: ["FoveaWeights"], resources: [.copy("Fixtures")]),
        .testTarget(name: "FoveaTensorTests", dependencies: ["FoveaTensor", "FoveaTestSupport"], resources: [.copy("Fixtures")]),
        .testTarget(name: "FoveaNNTests", dependencies: ["FoveaNN", "FoveaTestSupport"], resources: [.copy("Fixtures")]),
        .testTarget(name: "FoveaOptimTests", dependencies: ["FoveaOptim", "FoveaTestSupport"], resources: [.copy("Fixtures")]),
        .testTarget(name: "FoveaImageTests", dependencies: ["FoveaImage"], resources: [.copy("Fixtures")]),
        .testTarget(
            name: "FoveaDataTests", dependencies: ["FoveaData", .product(name: "GRDB", package: "GRDB.swift")],
            resources: [.copy("Fixtures")]),
        .testTarget(name: "FoveaModelsTests", dependencies: ["FoveaModels", "FoveaTestSupport"], resources: [.copy("Fixtures")]),
        .testTarget(
            name: "FoveaTrainingTests", dependencies: ["FoveaTraining", "FoveaTestSupport"], resources: [.copy("Fixtures")]),
        .testTarget(
            name: "FoveaMetricsTests", dependencies: ["FoveaMetrics", "FoveaTestSupport"], resources: [.copy("Fixtures")]),
        .testTarget(name: "FoveaReportTests", dependencies: ["FoveaReport", "FoveaImage"]),
        .testTarget(
            name: "FoveaServerTests",
            dependencies: [
                "FoveaServer", "FoveaTraining", "FoveaImage", "FoveaData", "FoveaModels", "FoveaTensor",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ]),
        .testTarget(name: "foveaTests", dependencies: ["fovea"]),
    ],
    cxxLanguageStandard: .cxx17
)
