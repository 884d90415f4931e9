// swift-tools-version:6.0
// Leave-one-out retrieval mAP, Fovea against scikit-learn: a package of its own, so `swift test` at the root never
// builds it. Run it through `bench/metrics/run`, which builds this in release mode and runs scikit-learn beside it.
import PackageDescription

let package = Package(
    name: "FoveaMetricsBench",
    dependencies: [.package(name: "Fovea", path: "../..")],
    targets: [
        .executableTarget(
            name: "metrics-bench",
            dependencies: [
                .product(name: "FoveaTensor", package: "Fovea"),
                .product(name: "FoveaMetrics", package: "Fovea"),
            ]
        )
    ]
)
