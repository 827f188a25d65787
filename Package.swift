// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "koppel",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "koppel", targets: ["koppel"]),
        .executable(name: "koppel-fcgi", targets: ["koppel-fcgi"]),
        .executable(name: "koppel-bench", targets: ["koppel-bench"]),
        .executable(name: "koppel-web", targets: ["koppel-web"]),
        // The parsers of outside bytes, for the fuzzers in Fuzz/ (a package of their own).
        .library(name: "StrictJSON", targets: ["StrictJSON"]),
        .library(name: "OpenCart", targets: ["OpenCart"]),
        .library(name: "Moneybird", targets: ["Moneybird"]),
        .library(name: "Mail", targets: ["Mail"]),
        .library(name: "AXML", targets: ["AXML"]),
    ],
    // Every package pinned exactly, the ones koppel uses and the ones they bring: an application ships
    // what it was tested with. (Package.resolved is not committed; see README "Dependencies".)
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", exact: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", exact: "1.16.2"),
        .package(url: "https://github.com/apple/swift-crypto", exact: "3.12.3"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", exact: "2.28.1"),
        // Brought by Hummingbird and swift-crypto, pinned to the versions tested. SwiftPM warns that
        // these are "not used by any target": they are here only to fix their versions.
        .package(url: "https://github.com/swift-server/async-http-client", exact: "1.37.0"),
        .package(url: "https://github.com/apple/swift-algorithms", exact: "1.2.1"),
        .package(url: "https://github.com/apple/swift-asn1", exact: "1.7.4"),
        .package(url: "https://github.com/apple/swift-async-algorithms", exact: "1.1.4"),
        .package(url: "https://github.com/apple/swift-atomics", exact: "1.3.0"),
        .package(url: "https://github.com/apple/swift-certificates", exact: "1.21.1"),
        .package(url: "https://github.com/apple/swift-collections", exact: "1.6.0"),
        .package(url: "https://github.com/apple/swift-configuration", exact: "1.4.0"),
        .package(url: "https://github.com/apple/swift-distributed-tracing", exact: "1.7.3"),
        .package(url: "https://github.com/apple/swift-http-structured-headers", exact: "1.7.0"),
        .package(url: "https://github.com/apple/swift-http-types", exact: "1.8.0"),
        .package(url: "https://github.com/apple/swift-metrics", exact: "2.13.0"),
        .package(url: "https://github.com/apple/swift-nio", exact: "2.101.3"),
        .package(url: "https://github.com/apple/swift-nio-extras", exact: "1.35.2"),
        .package(url: "https://github.com/apple/swift-nio-http2", exact: "1.46.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl", exact: "2.37.6"),
        .package(url: "https://github.com/apple/swift-nio-transport-services", exact: "1.28.0"),
        .package(url: "https://github.com/apple/swift-numerics", exact: "1.1.1"),
        .package(url: "https://github.com/apple/swift-service-context", exact: "1.5.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", exact: "2.13.0"),
        .package(url: "https://github.com/apple/swift-system", exact: "1.8.1"),
    ],
    targets: [
        // Native libraries, each behind a shim that makes its C API callable from Swift.
        .systemLibrary(name: "CFastCGI", path: "Sources/CFastCGI"),
        .systemLibrary(name: "CCurl", path: "Sources/CCurl", pkgConfig: "libcurl"),
        .systemLibrary(name: "CZstd", path: "Sources/CZstd", pkgConfig: "libzstd"),

        // The domain: money, orders, VAT, signatures. No I/O.
        .target(
            name: "KoppelCore",
            dependencies: [.product(name: "Crypto", package: "swift-crypto")]
        ),
        // Strict RFC 8259 JSON checking: what a shop sends is refused before a decoder could read it two ways.
        .target(name: "StrictJSON"),
        // The shop abstraction every shop adapter implements: how orders arrive, how one is examined.
        .target(name: "Shop", dependencies: ["KoppelCore"], path: "Sources/Shops/Shop"),
        // The OpenCart shop: push payloads in, domain values out; its provider and examiner.
        .target(name: "OpenCart", dependencies: ["KoppelCore", "StrictJSON", "Shop"], path: "Sources/Shops/OpenCart"),
        // Every shop koppel takes orders from, one line each: the registry of shop providers.
        .target(name: "ShopProviders", dependencies: ["Shop", "KoppelCore", "OpenCart", "Mijnwebwinkel"], path: "Sources/Shops/Providers"),
        // The Mijnwebwinkel shop: orders read from the MyOnlineStore Connect API over libcurl.
        .target(name: "Mijnwebwinkel", dependencies: ["KoppelCore", "KoppelHTTP", "Shop"], path: "Sources/Shops/Mijnwebwinkel"),
        // SQLite through GRDB: migrations, records, queries, sealed secrets.
        .target(
            name: "KoppelStore",
            dependencies: [
                "KoppelCore", "CZstd",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            ]
        ),
        // libcurl shell: the one HTTP client of koppel.
        .target(name: "KoppelHTTP", dependencies: ["CCurl"]),
        // libcurl shell: sends e-mail (the nightly report) over SMTP.
        .target(name: "Mail", dependencies: ["CCurl"]),
        // FastCGI shell, routes and request authentication of the push API.
        .target(
            name: "KoppelServer",
            dependencies: [
                "CFastCGI", "KoppelCore", "OpenCart", "KoppelStore",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            ]
        ),

        // The ledger abstraction every ledger adapter implements, and the shared rate budget.
        .target(name: "Ledger", dependencies: ["KoppelCore", "KoppelHTTP"], path: "Sources/Ledgers/Ledger"),
        // Moneybird: prepared bookings in, sales invoices out, over libcurl.
        .target(
            name: "Moneybird", dependencies: ["Ledger", "KoppelCore", "KoppelHTTP"], path: "Sources/Ledgers/Moneybird"
        ),

        // Minox: prepared bookings in, journal entries (transaction line batches) out, over libcurl.
        .target(
            name: "Minox",
            dependencies: ["Ledger", "KoppelCore", "KoppelHTTP", .product(name: "Crypto", package: "swift-crypto")],
            path: "Sources/Ledgers/Minox"
        ),

        // Factuursturen: prepared bookings in, sent invoices out, paced by its hourly limit, over libcurl.
        .target(
            name: "Factuursturen", dependencies: ["Ledger", "KoppelCore", "KoppelHTTP"], path: "Sources/Ledgers/Factuursturen"
        ),

        // The Asperion aXML file format: the schema table, a writer, a strict validator and a reader.
        .target(name: "AXML", path: "Sources/AXML"),
        // Asperion: prepared bookings in, the day's aXML file of concept invoices out.
        .target(name: "Asperion", dependencies: ["Ledger", "KoppelCore", "AXML", "KoppelHTTP"], path: "Sources/Ledgers/Asperion"),

        // Every ledger koppel books into, one line each: the registry of ledger providers.
        .target(
            name: "LedgerProviders", dependencies: ["Ledger", "KoppelCore", "Moneybird", "Minox", "Factuursturen", "Asperion"],
            path: "Sources/Ledgers/Providers"),

        // The booking job: examines pushed orders and books them through their ledger, exactly once.
        .target(
            name: "Booking",
            dependencies: [
                "KoppelCore", "KoppelStore", "Shop", "ShopProviders", "Ledger", "LedgerProviders",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),

        // The reconciler: reads the bookings back, compares, writes the reports and the e-mail.
        .target(
            name: "Reconciliation",
            dependencies: [
                "KoppelCore", "KoppelStore", "Ledger", "LedgerProviders", "Booking", "Mail",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),

        // What the CLI and the dashboard both do: accounts and passwords, reprocessing an order.
        .target(
            name: "KoppelAdmin",
            dependencies: [
                "KoppelCore", "KoppelStore", "Booking", "Ledger", "LedgerProviders", "Moneybird", "OpenCart", "Mijnwebwinkel", "Shop",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The dashboard's JSON API on Hummingbird: sessions, CSRF, login limits, the tabs.
        .target(
            name: "KoppelWeb",
            dependencies: [
                "KoppelCore", "KoppelStore", "KoppelAdmin", "Booking", "Mail", "Ledger", "Moneybird", "LedgerProviders", "Reconciliation",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "koppel-web",
            dependencies: [
                "KoppelWeb", "KoppelStore", "KoppelHTTP", "KoppelAdmin", "KoppelCore", "Ledger", "LedgerProviders",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),

        .executableTarget(
            name: "koppel",
            dependencies: [
                "KoppelCore", "OpenCart", "Mijnwebwinkel", "Shop", "KoppelStore", "KoppelHTTP", "Booking", "Ledger", "LedgerProviders", "Reconciliation", "Mail",
                "KoppelAdmin",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "koppel-fcgi",
            dependencies: [
                "KoppelServer", "KoppelStore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // What every sandbox server shares: the JSON model of requests and answers, the request context.
        .target(
            name: "SandboxSupport",
            dependencies: [.product(name: "Hummingbird", package: "hummingbird")],
            path: "Sources/Sandboxes/Support"
        ),
        // The faithful Moneybird API v2 server that tests and the demo talk to instead of Moneybird.
        .target(
            name: "MoneybirdSandbox",
            dependencies: [
                "SandboxSupport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Sources/Sandboxes/Moneybird"
        ),
        // The Minox REST API server (OAuth, tenancy, journal entries by batch uuid) for tests and the demo.
        .target(
            name: "MinoxSandbox",
            dependencies: [
                "SandboxSupport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Sources/Sandboxes/Minox"
        ),
        // The FactuurSturen.nl API v1 server (Basic auth, clients, invoices, the hourly budget) for tests and the demo.
        .target(
            name: "FactuursturenSandbox",
            dependencies: [
                "SandboxSupport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Sources/Sandboxes/Factuursturen"
        ),
        // The MyOnlineStore Connect API server (orders, statuses, store) a Mijnwebwinkel shop is played with.
        .target(
            name: "MijnwebwinkelSandbox",
            dependencies: [
                "SandboxSupport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Sources/Sandboxes/Mijnwebwinkel"
        ),
        // The Asperion sandbox: the daily aXML file delivered and imported as concept invoices, read back over REST.
        .target(
            name: "AsperionSandbox",
            dependencies: [
                "SandboxSupport", "AXML",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Sources/Sandboxes/Asperion"
        ),
        .executableTarget(
            name: "koppel-sandbox",
            dependencies: [
                "MoneybirdSandbox", "MinoxSandbox", "MijnwebwinkelSandbox", "FactuursturenSandbox", "AsperionSandbox",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "koppel-bench",
            dependencies: [
                "KoppelCore", "OpenCart", "StrictJSON", "KoppelStore", "Booking", "Ledger", "Moneybird", "Minox", "KoppelHTTP",
                "LedgerProviders", "Factuursturen",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        // What several test targets share: starting a server process and reading where it listens; a
        // seeded random generator.
        .target(name: "TestSupport", path: "Tests/Support"),
        .testTarget(name: "KoppelCoreTests", dependencies: ["KoppelCore", "TestSupport"]),
        .testTarget(name: "ReconciliationTests", dependencies: ["Reconciliation", "KoppelCore"], exclude: ["Golden"]),
        .testTarget(
            name: "LedgerTests",
            dependencies: ["TestSupport", "Ledger", "Moneybird", "Booking", "KoppelStore", "KoppelCore", "KoppelHTTP", "OpenCart", "Reconciliation", "Mail",
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        .testTarget(name: "StrictJSONTests", dependencies: ["StrictJSON"]),
        .testTarget(name: "OpenCartTests", dependencies: ["OpenCart", "KoppelCore", "TestSupport"]),
        .testTarget(name: "MailTests", dependencies: ["Mail"], exclude: ["smtp-server.py", "Golden"]),
        .testTarget(name: "KoppelStoreTests", dependencies: ["KoppelStore", "KoppelCore", "OpenCart", "Shop", "TestSupport"]),
        .testTarget(name: "MoneybirdSandboxTests", dependencies: ["TestSupport", "MoneybirdSandbox", "SandboxSupport", "KoppelHTTP"]),
        .testTarget(name: "MinoxSandboxTests", dependencies: ["TestSupport", "KoppelHTTP"]),
        .testTarget(name: "FactuursturenSandboxTests", dependencies: ["TestSupport", "KoppelHTTP", "Factuursturen", "Ledger", "KoppelCore"]),
        .testTarget(name: "AsperionSandboxTests", dependencies: ["TestSupport", "KoppelHTTP", "AXML"]),
        .testTarget(name: "MijnwebwinkelTests", dependencies: ["TestSupport", "Mijnwebwinkel", "KoppelCore", "KoppelHTTP"], exclude: ["Fixtures"]),
        .testTarget(
            name: "MinoxLedgerTests",
            dependencies: ["TestSupport", "Minox", "Ledger", "LedgerProviders", "Booking", "KoppelCore", "KoppelHTTP", "OpenCart"]
        ),
        // One suite every ledger adapter passes against its sandbox over HTTP.
        .testTarget(
            name: "LedgerConformanceTests",
            dependencies: [
                "TestSupport", "Ledger", "LedgerProviders", "Moneybird", "Minox", "Factuursturen", "KoppelCore", "KoppelHTTP",
                "KoppelStore", "OpenCart", "Asperion",
            ]
        ),
        .testTarget(name: "AXMLTests", dependencies: ["AXML"]),
        // The Asperion ledger: the outbox of day files, delivered to and read back from the real sandbox.
        .testTarget(
            name: "AsperionLedgerTests",
            dependencies: [
                "Asperion", "Ledger", "KoppelCore", "KoppelHTTP", "TestSupport", "OpenCart", "KoppelStore", "Booking", "Reconciliation",
                .product(name: "Logging", package: "swift-log"),
            ]),
        .testTarget(name: "AsperionTests", dependencies: ["Asperion", "AXML", "Ledger", "KoppelCore", "OpenCart"], exclude: ["Golden"]),
        .testTarget(
            name: "IntegrationTests",
            dependencies: [
                "TestSupport", "KoppelCore", "KoppelHTTP", "KoppelStore", "OpenCart", .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
    ]
)

for target in package.targets where target.type != .system {
    target.swiftSettings = (target.swiftSettings ?? []) + [
        .swiftLanguageMode(.v6),
        .enableUpcomingFeature("ExistentialAny"),
        .enableUpcomingFeature("MemberImportVisibility"),
    ]
}
