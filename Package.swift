// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "dataloop-mock",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "dataloop-mock", targets: ["dataloop-mock"]),
        .library(name: "DataloopMock", targets: ["DataloopMock"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/vapor/jwt-kit", from: "5.8.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
    ],
    targets: [
        .target(
            name: "DataloopMock",
            dependencies: [
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "GRDB", package: "GRDB.swift"),
                // SQLite's C API, which GRDB exposes for this: the hot statements bind their
                // arguments directly (Store/Records/ParameterBinding.swift).
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                "CSQLiteTuning",
                .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Mustache", package: "swift-mustache"),
            ],
            // Compiled into the binary (`PackageResources`), so it runs from anywhere; each file
            // is a link to its one copy in the repo.
            resources: [.embedInCode("Resources/default-fixture.json"), .embedInCode("Resources/dtlpy-versions.json")]
        ),
        // SQLite's variadic configuration call, which Swift cannot make (Store/ConnectionTuning.swift).
        .target(name: "CSQLiteTuning", linkerSettings: [.linkedLibrary("sqlite3")]),
        .executableTarget(
            name: "dataloop-mock",
            dependencies: [
                "DataloopMock",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "bench-baseline",
            dependencies: [.product(name: "Hummingbird", package: "hummingbird")]
        ),
        .testTarget(
            name: "DataloopMockTests",
            dependencies: [
                "DataloopMock",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
