// swift-tools-version: 6.1
import PackageDescription

/// Upcoming features that keep the module boundaries honest: no implicit `any`,
/// no transitive member imports, and imports internal unless declared `public`.
let strictSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "Docket",
    // Synchronization's Mutex (the stores, the engine's bulk paths) needs macOS 15.
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "DocketCore", targets: ["DocketCore"]),
        .library(name: "DocketYAML", targets: ["DocketYAML"]),
        .library(name: "DocketEngine", targets: ["DocketEngine"]),
        .library(name: "DocketSQLite", targets: ["DocketSQLite"]),
        .library(name: "DocketPostgres", targets: ["DocketPostgres"]),
        .library(name: "DocketApplication", targets: ["DocketApplication"]),
        .library(name: "DocketMessages", targets: ["DocketMessages"]),
        .library(name: "DocketPresentation", targets: ["DocketPresentation"]),
        .library(name: "DocketServer", targets: ["DocketServer"]),
        .library(name: "DocketTesting", targets: ["DocketTesting"]),
        .executable(name: "docket", targets: ["docket"]),
        .executable(name: "docket-simulate", targets: ["docket-simulate"]),
        .executable(name: "docket-bench", targets: ["docket-bench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/jpsim/Yams", exact: "6.2.2"),
        .package(url: "https://github.com/groue/GRDB.swift", exact: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", exact: "4.5.2"),
        // The HTTP server (`docket serve`) and bcrypt for the passwords of its logins.
        .package(url: "https://github.com/hummingbird-project/hummingbird", exact: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", exact: "2.5.0"),
        // NIOPosix's thread pool: the server runs store transactions off its event loops.
        .package(url: "https://github.com/apple/swift-nio", exact: "2.101.3"),
        .package(url: "https://github.com/apple/swift-http-types", exact: "1.8.0"),
        // The documentation plugin only (`swift package generate-documentation`, scripts/docs.sh):
        // no target depends on it.
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", exact: "1.5.0"),
        // The PostgreSQL store (`--db postgres://…`).
        .package(url: "https://github.com/vapor/postgres-nio", exact: "1.33.2"),
        // The logger postgres-nio's connections take (the PostgreSQL store logs nothing).
        .package(url: "https://github.com/apple/swift-log", exact: "1.16.2"),
    ],
    targets: [
        // The pure core: definitions, expressions, dates, decisions. No I/O, no clock.
        .target(name: "DocketCore", swiftSettings: strictSettings),
        // Loads and validates workflow YAML; the only module that imports Yams. A reader at
        // the edge: its diagnostics are words, so it takes the core's from DocketMessages.
        .target(
            name: "DocketYAML",
            dependencies: ["DocketCore", "DocketMessages", .product(name: "Yams", package: "Yams")],
            swiftSettings: strictSettings
        ),
        // Applies the core's decisions through a store; defines the store protocol.
        .target(
            name: "DocketEngine",
            dependencies: ["DocketCore", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: strictSettings
        ),
        // One operation per thing a user does, permissions checked, in one transaction:
        // what every front end (the command line, the server) calls.
        .target(
            name: "DocketApplication",
            dependencies: [
                "DocketCore", "DocketEngine", .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
            ],
            swiftSettings: strictSettings),
        // Words at the edge: the one catalogue that turns refusals, errors and row problems
        // into Chinese and English, for every front end.
        .target(
            name: "DocketMessages", dependencies: ["DocketCore", "DocketEngine"],
            swiftSettings: strictSettings),
        // What every front end shows: failures as kinds, words and facts, and the JSON
        // documents of shared/CLI.md, so the command line and the server answer alike.
        .target(
            name: "DocketPresentation",
            dependencies: ["DocketCore", "DocketEngine", "DocketApplication", "DocketMessages"],
            swiftSettings: strictSettings),
        // The SQLite store (GRDB, WAL mode, named migrations; SQLite's C interface for
        // the few scans that read tens of thousands of rows).
        .target(
            name: "DocketSQLite",
            dependencies: [
                "DocketCore", "DocketEngine", "CSQLiteSetup", .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ],
            swiftSettings: strictSettings
        ),
        // The PostgreSQL store (postgres-nio; named migrations, server-side cursors, the
        // audit head taken FOR UPDATE): one database for several Docket processes.
        .target(
            name: "DocketPostgres",
            dependencies: [
                "DocketCore", "DocketEngine", .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        // An in-memory store of the whole seam, a manual clock and fixtures: for tests, and
        // for anyone embedding the engine without a database.
        .target(name: "DocketTesting", dependencies: ["DocketCore", "DocketEngine"], swiftSettings: strictSettings),
        // The one call into SQLite that Swift cannot make (sqlite3_config is variadic).
        .target(name: "CSQLiteSetup", linkerSettings: [.linkedLibrary("sqlite3")]),
        // The HTTP adapter (`docket serve`): the JSON API and the web pages.
        .target(
            name: "DocketServer",
            dependencies: [
                "DocketCore", "DocketEngine", "DocketApplication", "DocketPresentation",
                // Reads an uploaded campaign file as `campaign start --orgs` reads it.
                "DocketYAML",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ],
            swiftSettings: strictSettings
        ),
        // The thin command-line adapter.
        .executableTarget(
            name: "docket",
            dependencies: [
                "DocketCore", "DocketYAML", "DocketEngine", "DocketApplication", "DocketMessages", "DocketPresentation",
                "DocketSQLite", "DocketPostgres", "DocketServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strictSettings
        ),
        // Generates realistic casework on simulated time, for examples and tests.
        .target(name: "DocketSimulation", dependencies: ["DocketCore", "DocketEngine"], swiftSettings: strictSettings),
        .executableTarget(
            name: "docket-simulate",
            dependencies: [
                "DocketSimulation", "DocketEngine", "DocketSQLite", "DocketCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strictSettings
        ),
        // The benchmark of shared/BENCHMARKS.md (run in release; not part of the tests).
        .executableTarget(
            name: "docket-bench",
            dependencies: [
                "DocketCore", "DocketYAML", "DocketEngine", "DocketSQLite", "DocketSimulation",
                // W5 serves the W2 store in process and gives its clients bearer tokens.
                "DocketApplication", "DocketServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "DocketCoreTests", dependencies: ["DocketCore", "DocketMessages"], swiftSettings: strictSettings),
        .testTarget(
            name: "DocketYAMLTests", dependencies: ["DocketYAML", "DocketCore"], swiftSettings: strictSettings),
        .testTarget(
            name: "DocketSQLiteTests",
            dependencies: [
                "DocketSQLite", "DocketEngine", "DocketYAML", "DocketCore", "DocketSimulation",
                // The documentation's examples (DocumentationExampleTests) use the application too.
                "DocketApplication", "DocketMessages", "DocketTesting",
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: strictSettings
        ),
        // The same tests run on every store: what a caller of the seam sees.
        .testTarget(
            name: "DocketStoreConformanceTests",
            dependencies: [
                "DocketTesting", "DocketSQLite", "DocketPostgres", "DocketEngine", "DocketYAML", "DocketCore",
                "DocketSimulation",
            ],
            swiftSettings: strictSettings
        ),
        // The rules of the shipped workflows, through the application layer on the memory
        // store, in process: what a person does, operation by operation; and the same
        // deployment through the server's routes (Hummingbird's router tester, no network).
        .testTarget(
            name: "DocketApplicationTests",
            dependencies: [
                "DocketApplication", "DocketTesting", "DocketYAML", "DocketCore", "DocketEngine", "DocketMessages",
                "DocketPresentation", "DocketServer", .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            swiftSettings: strictSettings
        ),
        // The CLI tests drive the built binary: they import none of the modules.
        .testTarget(name: "DocketCLITests", swiftSettings: strictSettings),
    ]
)
