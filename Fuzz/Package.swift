// swift-tools-version: 6.1
import PackageDescription

/// libFuzzer targets for Docket's readers of untrusted input. Built by
/// `scripts/fuzz.sh`, which compiles this library with `--sanitize=fuzzer` and links it
/// by hand (libFuzzer brings its own `main`, which SwiftPM's link step cannot take).
let package = Package(
    name: "DocketFuzz",
    platforms: [.macOS(.v14)],
    products: [.library(name: "DocketFuzz", type: .static, targets: ["DocketFuzz"])],
    dependencies: [.package(name: "Docket", path: "..")],
    targets: [
        .target(
            name: "DocketFuzz",
            dependencies: [
                .product(name: "DocketCore", package: "Docket"), .product(name: "DocketYAML", package: "Docket"),
            ])
    ]
)
