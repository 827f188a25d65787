// swift-tools-version: 6.1
import PackageDescription

// The fuzzers of koppel's parsers of outside bytes: libFuzzer entry points, one executable each.
// A package of its own so that the main package's `swift build` never sees them; build and run
// them with scripts/fuzz, which passes `-sanitize=fuzzer,address` (see README.md here).
let package = Package(
    name: "koppel-fuzz",
    dependencies: [
        // The name keeps the product references below independent of the checkout's folder name.
        .package(name: "koppel", path: "..")
    ],
    targets: [
        // libFuzzer's driver, declared for Swift.
        .systemLibrary(name: "CLibFuzzer", path: "Sources/CLibFuzzer"),
        // Helpers every fuzzer shares: the entry point, fields from raw bytes, seeds from Tests/Fixtures, checks.
        .target(name: "FuzzSupport", dependencies: ["CLibFuzzer"]),
        .executableTarget(
            name: "fuzz-strict-json",
            dependencies: ["FuzzSupport", .product(name: "StrictJSON", package: "koppel")]
        ),
        .executableTarget(
            name: "fuzz-order-push",
            dependencies: ["FuzzSupport", .product(name: "OpenCart", package: "koppel")]
        ),
        .executableTarget(
            name: "fuzz-settings-push",
            dependencies: ["FuzzSupport", .product(name: "OpenCart", package: "koppel")]
        ),
        .executableTarget(
            name: "fuzz-invoice-page",
            dependencies: [
                "FuzzSupport", .product(name: "Moneybird", package: "koppel"),
                .product(name: "StrictJSON", package: "koppel"),
            ]
        ),
        .executableTarget(
            name: "fuzz-mail-header",
            dependencies: ["FuzzSupport", .product(name: "Mail", package: "koppel")]
        ),
        .executableTarget(name: "fuzz-axml", dependencies: ["FuzzSupport", .product(name: "AXML", package: "koppel")]),
    ]
)

for target in package.targets where target.type != .system {
    target.swiftSettings =
        (target.swiftSettings ?? []) + [
            .swiftLanguageMode(.v6),
            .enableUpcomingFeature("ExistentialAny"),
            .enableUpcomingFeature("MemberImportVisibility"),
        ]
}
