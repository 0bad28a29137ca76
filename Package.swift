// swift-tools-version:6.0
// Upstream: finds where revenue-cycle billing failures start.
// Modules point down only; see docs/architecture.md for the graph and what each owns.
import PackageDescription

let package = Package(
    name: "Upstream",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "upstream", targets: ["upstream"]),
        .library(name: "LuaRuntime", targets: ["LuaRuntime"]),
        .library(name: "Synthesis", targets: ["Synthesis"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
    ],
    targets: [
        // Debian's liblua5.4-dev, linked through pkg-config.
        .systemLibrary(
            name: "CLua",
            pkgConfig: "lua5.4",
            providers: [.apt(["liblua5.4-dev"])]
        ),
        // The C side of the sandbox: what Swift cannot import (macros), the allocator, the hook,
        // the replaced library functions and every place where a Lua error may be raised.
        .target(name: "CLuaShim", dependencies: ["CLua"]),
        // Embedded Lua with a sandbox; knows nothing about revenue cycles.
        .target(name: "LuaRuntime", dependencies: ["CLuaShim"]),
        // The schema of SPEC section 5 as data, columnar typed storage and relation indexes.
        // Full cross-module optimization: readers call DataModel's append paths once per field,
        // which must inline (see docs/data-model.md, "Performance").
        .target(name: "DataModel", swiftSettings: [.unsafeFlags(["-cross-module-optimization"])]),
        // SIMD byte classes for the CSV scanner: static inline C (SSE2) that Swift inlines.
        .target(name: "CScan"),
        // SHA-256 blocks with the x86 SHA extensions, one stream or two interleaved. Optimized
        // in every build: debug tests hash whole generated organizations.
        .target(name: "CHash", cSettings: [.unsafeFlags(["-O2"])]),
        // Byte-level CSV/JSON readers that fill DataModel tables and account for every row.
        .target(
            name: "Ingest",
            dependencies: ["DataModel", "CScan", "CHash", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: [.unsafeFlags(["-cross-module-optimization"])]
        ),
        // Pack manifests, resolution, safe loading, parameters (and, next, the Lua API registry).
        .target(
            name: "Packs",
            dependencies: ["LuaRuntime", "DataModel", "Ingest", .product(name: "Crypto", package: "swift-crypto")]
        ),
        // Seeded synthetic organizations in the canonical CSV layout (`upstream generate`);
        // standard library and Foundation only, so it never waits on the data model.
        .target(name: "Synthesis"),
        // Evaluation over the data model (this far: tables as Lua row proxies).
        .target(name: "Engine", dependencies: ["DataModel", "Ingest", "LuaRuntime", "Packs"]),
        // `upstream test`: pack tests in the sandbox, each `upstream.run` through the engine.
        .target(name: "PackTesting", dependencies: ["Engine", "Packs", "Ingest", "DataModel", "LuaRuntime"]),
        .executableTarget(
            name: "upstream",
            dependencies: [
                "LuaRuntime",
                "DataModel",
                "Ingest",
                "Packs",
                "Engine",
                "PackTesting",
                "Synthesis",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(name: "upstream-bench", dependencies: ["LuaRuntime", "Engine", "Ingest", "Packs", "Synthesis"]),
        .testTarget(name: "LuaRuntimeTests", dependencies: ["LuaRuntime"], exclude: ["Fixtures"]),
        // Synthetic canonical CSV writer plus timed ingestion; release builds only (make bench).
        .executableTarget(name: "ingest-bench", dependencies: ["DataModel", "Ingest"]),
        .testTarget(
            name: "IngestTests",
            dependencies: ["DataModel", "Ingest", .product(name: "Crypto", package: "swift-crypto")],
            exclude: ["Fixtures"]
        ),
        .testTarget(name: "PacksTests", dependencies: ["Packs", "LuaRuntime", "Ingest", "DataModel"]),
        .testTarget(name: "PackTestingTests", dependencies: ["PackTesting", "Packs", "LuaRuntime"]),
        .testTarget(name: "EngineTests", dependencies: ["Engine", "Ingest", "LuaRuntime", "DataModel", "Packs"]),
        // Runs the built `upstream` executable the way a user does.
        .testTarget(name: "EndToEndTests", dependencies: ["upstream"], exclude: ["Fixtures"]),
        .testTarget(name: "SynthesisTests", dependencies: ["Synthesis"]),
    ]
)

// Strict settings applied once, for every Swift target.
for target in package.targets where target.type != .system && target.name != "CLuaShim" && target.name != "CScan"
    && target.name != "CHash" {
    target.swiftSettings = (target.swiftSettings ?? []) + [
        .enableUpcomingFeature("ExistentialAny"),
        .unsafeFlags(["-warnings-as-errors"]),
    ]
}
