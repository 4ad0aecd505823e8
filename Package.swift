// swift-tools-version: 6.2
import PackageDescription

let strict: [SwiftSetting] = [.swiftLanguageMode(.v6)]

let package = Package(
    name: "preflight",
    // Linux only: the process layer (Sources/Processes) has no macOS implementation yet.
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "preflight", targets: ["preflight"]),
        .library(name: "PreflightKit", targets: ["PreflightKit", "Doctor", "Scaffold"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
        .package(url: "https://github.com/swiftlang/swift-subprocess", from: "1.0.2"),
        .package(url: "https://github.com/apple/swift-system", from: "1.5.0"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift", from: "0.2.0"),
        .package(url: "https://github.com/x-sheep/swift-property-based.git", from: "2.0.1"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
    ],
    targets: [
        // glibc's memmem, for literal prefilters (PreflightCore.ByteSearch).
        .target(name: "CByteSearch"),
        // The git commit of `preflight --version`, from a header scripts/stamp-commit.sh writes (git-ignored).
        .target(name: "CBuildInfo"),
        .target(
            name: "PreflightCore",
            dependencies: ["CByteSearch", .product(name: "TOMLKit", package: "TOMLKit")],
            swiftSettings: strict),
        .target(
            name: "Processes",
            dependencies: [
                "PreflightCore",
                .product(name: "Subprocess", package: "swift-subprocess"),
                .product(name: "SystemPackage", package: "swift-system"),
            ],
            swiftSettings: strict),
        .target(
            name: "ProjectAudit",
            dependencies: [
                "PreflightCore", "Processes",
                .product(name: "Yams", package: "Yams"),
                .product(name: "TOMLKit", package: "TOMLKit"),
                .product(name: "Subprocess", package: "swift-subprocess"),
                .product(name: "SystemPackage", package: "swift-system"),
            ],
            resources: ["analyzer", "pa_model", "pa_mcp", "pa_facts", "pa_reach", "pa_flow", "pa_gates", "pa_vocab"].map {
                .embedInCode("Python/\($0).py")
            },
            swiftSettings: strict),
        .target(name: "Reporters", dependencies: ["PreflightCore", "Load"], swiftSettings: strict),
        .target(
            name: "MCPWire",
            dependencies: [
                "PreflightCore", "Processes",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: strict),
        .target(name: "MCPSchema", dependencies: ["PreflightCore"], swiftSettings: strict),
        // ppoll and the monotonic clock for the load generator's event loop (not visible from Swift's Glibc).
        .target(name: "LoadShims"),
        .target(
            name: "Load",
            dependencies: [
                "MCPWire", "PreflightCore", "Processes", "LoadShims",
                .product(name: "Histogram", package: "hdrhistogram-swift"),
            ],
            swiftSettings: strict),
        .target(
            name: "LiveAudit", dependencies: ["MCPWire", "MCPSchema", "Load", "PreflightCore", "Processes", "ProjectAudit"],
            swiftSettings: strict),
        // Run history: the store (SQLite through GRDB), trends, and the regression checks.
        .target(
            name: "History",
            dependencies: ["PreflightCore", "Processes", "Load", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: strict),
        .target(
            name: "PreflightKit",
            dependencies: [
                "PreflightCore", "Processes", "ProjectAudit", "MCPWire", "LiveAudit", "Load", "Reporters", "History",
            ],
            resources: [.embedInCode("Resources/production-checklist.md")],
            swiftSettings: strict),
        .target(
            name: "Doctor", dependencies: ["PreflightCore", "Processes", "MCPWire", "ProjectAudit"], swiftSettings: strict),
        .target(name: "Scaffold", dependencies: ["PreflightCore", "Processes", "ProjectAudit"], swiftSettings: strict),
        .target(name: "MCPServe", dependencies: ["MCPWire", "PreflightCore", "PreflightKit"], swiftSettings: strict),
        .executableTarget(
            name: "preflight",
            dependencies: [
                "PreflightCore", "PreflightKit", "Reporters", "Load", "History", "Doctor", "Scaffold", "CBuildInfo", "MCPServe",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict),
        .target(
            name: "TestSupport", dependencies: ["ProjectAudit", "PreflightCore", "Processes", "MCPWire"],
            path: "Tests/TestSupport",
            swiftSettings: strict
        ),
        .testTarget(
            name: "ProjectAuditTests",
            dependencies: ["ProjectAudit", "PreflightCore", "PreflightKit", "Processes", "Reporters", "TestSupport"],
            swiftSettings: strict),
        .testTarget(
            name: "ReportersTests", dependencies: ["Reporters", "PreflightCore", "Load", "TestSupport", "Processes"],
            swiftSettings: strict),
        .testTarget(
            name: "HistoryTests",
            dependencies: [
                "History", "PreflightKit", "PreflightCore", "Load", "Processes", "Reporters", "TestSupport",
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: strict),
        .testTarget(
            name: "PreflightCLITests",
            dependencies: [
                "TestSupport", "MCPWire", "PreflightKit", "PreflightCore", "Processes", "Reporters", "History", "Scaffold",
                "ProjectAudit",
            ],
            swiftSettings: strict),
        .testTarget(
            name: "MCPSchemaTests", dependencies: ["MCPSchema", "PreflightCore"], exclude: ["TokenCorpus"],
            swiftSettings: strict),
        .testTarget(
            name: "LiveAuditTests",
            dependencies: ["LiveAudit", "MCPWire", "Load", "PreflightCore", "Processes", "ProjectAudit", "TestSupport"],
            swiftSettings: strict),
        .testTarget(
            name: "DoctorTests", dependencies: ["Doctor", "PreflightCore", "Processes", "ProjectAudit", "TestSupport"],
            swiftSettings: strict),
        .testTarget(
            name: "MCPWireTests", dependencies: ["MCPWire", "PreflightCore", "Processes", "TestSupport"],
            swiftSettings: strict),
        .testTarget(
            name: "LoadTests",
            dependencies: ["Load", "PreflightKit", "PreflightCore", "Processes", "MCPWire", "TestSupport"],
            swiftSettings: strict),
        .testTarget(
            name: "FuzzTests",
            dependencies: [
                "PreflightCore", "ProjectAudit", "MCPWire", "MCPSchema", "PreflightKit",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            swiftSettings: strict),
    ]
)
