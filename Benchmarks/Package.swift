// swift-tools-version: 6.1
import PackageDescription

// The same strictness as the root package.
let strictSwift: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "swift-pagi-benchmarks",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "hummingbird-bench", targets: ["hummingbird-bench"]),
        .executable(name: "nio-bench", targets: ["nio-bench"]),
        .executable(name: "ws-load", targets: ["ws-load"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.0"),
        // No traits: they only add swift-configuration support and Foundation-backed form
        // coding, neither of which is on the request path; dropping them shortens the build.
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.0", traits: []),
        .package(url: "https://github.com/hummingbird-project/hummingbird-websocket.git", from: "2.8.0"),
        // Micro benchmarks with allocation counts; the malloc interposer is the trait that counts.
        .package(url: "https://github.com/ordo-one/benchmark.git", from: "1.38.0", traits: ["MallocInterposer"]),
        // swift-pagi itself, for the micro benchmarks of its hot paths.
        .package(name: "swift-pagi", path: ".."),
    ],
    targets: [
        // `--port` / `--threads`, shared so that every Swift peer takes the same flags.
        .target(
            name: "PeerOptions",
            dependencies: [
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strictSwift
        ),
        // Peer: Hummingbird 2 with its WebSocket upgrade.
        .executableTarget(
            name: "hummingbird-bench",
            dependencies: [
                "PeerOptions",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: strictSwift
        ),
        // Peer: a raw SwiftNIO HTTP/1 server, event-loop code only (no async/await).
        .executableTarget(
            name: "nio-bench",
            dependencies: [
                "PeerOptions",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: strictSwift
        ),
        // The WebSocket echo load generator (raw SwiftNIO client).
        .executableTarget(
            name: "ws-load",
            dependencies: [
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOWebSocket", package: "swift-nio"),
            ],
            swiftSettings: strictSwift
        ),
        // Micro benchmarks of swift-pagi's hot paths (`swift package benchmark`).
        .executableTarget(
            name: "PAGIHotPaths",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "PAGI", package: "swift-pagi"),
                .product(name: "PAGIServer", package: "swift-pagi"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            path: "Benchmarks/PAGIHotPaths",
            swiftSettings: strictSwift,
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
