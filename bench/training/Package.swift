// swift-tools-version:6.0
// Fovea's speed benchmark against PyTorch: a package of its own, so `swift test` at the root never builds it.
// Run it through `bench/run`, which builds this in release mode and puts PyTorch beside it.
import PackageDescription

let package = Package(
    name: "FoveaBench",
    dependencies: [.package(name: "Fovea", path: "../..")],
    targets: [
        .executableTarget(
            name: "fovea-bench",
            dependencies: [
                .product(name: "FoveaTensor", package: "Fovea"),
                .product(name: "FoveaNN", package: "Fovea"),
                .product(name: "FoveaOptim", package: "Fovea"),
                .product(name: "FoveaModels", package: "Fovea"),
            ]
        )
    ]
)
