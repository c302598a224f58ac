// swift-tools-version: 6.1
import PackageDescription

let strictSwift: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "swift-pagi",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "PAGI", targets: ["PAGI"]),
        .library(name: "PAGITesting", targets: ["PAGITesting"]),
        .library(name: "PAGIExamples", targets: ["PAGIExamples"]),
        .library(name: "PAGIAccessLog", targets: ["PAGIAccessLog"]),
        .library(name: "PAGIServer", targets: ["PAGIServer"]),
        .library(name: "PAGIServerTLS", targets: ["PAGIServerTLS"]),
        .library(name: "PAGIServerHTTP2", targets: ["PAGIServerHTTP2"]),
        .library(name: "PAGICommand", targets: ["PAGICommand"]),
        .library(name: "PAGIMiddleware", targets: ["PAGIMiddleware"]),
        .library(name: "PAGIJWT", targets: ["PAGIJWT"]),
        .library(name: "PAGIPubSub", targets: ["PAGIPubSub"]),
        .library(name: "PAGISimple", targets: ["PAGISimple"]),
        .library(name: "PAGISimpleExamples", targets: ["PAGISimpleExamples"]),
        .executable(name: "pagi-server", targets: ["pagi-server"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.0"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.0"),
        // SHA-1 for the WebSocket handshake's accept key (and, later, TLS work).
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.0"..<"5.0.0"),
        // TLS for PAGIServerTLS only: BoringSSL through NIOSSL, and X.509 parsing for the
        // client certificate's distinguished name.
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.0"),
        .package(url: "https://github.com/apple/swift-certificates.git", from: "1.21.0"),
        // HTTP/2 for PAGIServerHTTP2 only: frames, HPACK, flow control, stream multiplexing.
        .package(url: "https://github.com/apple/swift-nio-http2.git", from: "1.46.0"),
        .package(url: "https://github.com/apple/swift-asn1.git", from: "1.7.0"),
        // zlib for WebSocket permessage-deflate (RFC 7692).
        .package(url: "https://github.com/adam-fowler/compress-nio.git", from: "1.5.0"),
        // JSON Web Tokens, for PAGIJWT only.
        .package(url: "https://github.com/vapor/jwt-kit.git", from: "5.8.0"),
    ],
    targets: [
        // The contract: scopes, events, Application, Middleware, errors, the event validator.
        .target(
            name: "PAGI",
            dependencies: [
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ],
            swiftSettings: strictSwift
        ),
        // The in-process test client: drives any PAGI application without sockets.
        .target(
            name: "PAGITesting",
            dependencies: [
                "PAGI",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSwift
        ),
        // Raw PAGI example applications (Swift versions of the Perl examples).
        .target(
            name: "PAGIExamples",
            dependencies: [
                "PAGI",
                "PAGIMiddleware",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ],
            swiftSettings: strictSwift
        ),
        // Access log formats (Apache-style atoms and presets), shared by the server and middleware.
        .target(name: "PAGIAccessLog", dependencies: ["PAGI"], swiftSettings: strictSwift),
        // The reference server on SwiftNIO: HTTP/1.1 and SSE, lifespan, limits, graceful shutdown.
        .target(
            name: "PAGIServer",
            dependencies: [
                "PAGI",
                "PAGIAccessLog",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOWebSocket", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "CompressNIO", package: "compress-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strictSwift
        ),
        // TLS for the reference server (NIOSSL): its own target, so that a plain HTTP/1.1
        // application does not build BoringSSL. Plugs into ServerConfiguration.connectionSecurity.
        .target(
            name: "PAGIServerTLS",
            dependencies: [
                "PAGI",
                "PAGIServer",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOTLS", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
            ],
            swiftSettings: strictSwift
        ),
        // HTTP/2 for the reference server (NIOHTTP2): its own target, so that an HTTP/1.1
        // application does not build it. Plugs into ServerConfiguration.http2.
        .target(
            name: "PAGIServerHTTP2",
            dependencies: [
                "PAGI",
                "PAGIServer",
                "PAGIAccessLog",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP2", package: "swift-nio-http2"),
                .product(name: "NIOHPACK", package: "swift-nio-http2"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSwift
        ),
        // The middleware library: each middleware wraps any PAGI application.
        .target(
            name: "PAGIMiddleware",
            dependencies: [
                "PAGI",
                "PAGIAccessLog",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                // SHA-256 for ETag's body hashes; HMAC-SHA256 for signed cookies and sessions.
                .product(name: "Crypto", package: "swift-crypto"),
                // zlib for GZip.
                .product(name: "CompressNIO", package: "compress-nio"),
            ],
            swiftSettings: strictSwift
        ),
        // JWT validation for BearerAuth, on jwt-kit: its own target, so that applications that
        // do not use it do not build jwt-kit.
        .target(
            name: "PAGIJWT",
            dependencies: ["PAGI", "PAGIMiddleware", .product(name: "JWTKit", package: "jwt-kit")],
            swiftSettings: strictSwift
        ),
        // Publish/subscribe between connections: channels, patterns, bounded subscriber buffers,
        // behind a backend protocol (in memory here; a broker such as Redis drops in).
        .target(
            name: "PAGIPubSub",
            dependencies: ["PAGI", .product(name: "NIOCore", package: "swift-nio")],
            swiftSettings: strictSwift
        ),
        // Simple, the micro-framework on top of the contract: routes, context, responses.
        .target(
            name: "PAGISimple",
            dependencies: [
                "PAGI",
                "PAGIMiddleware",
                "PAGIAccessLog",
                "PAGIPubSub",
                .product(name: "NIOCore", package: "swift-nio"),
                // Uploads, streamed bodies and file responses read and write files off the
                // cooperative pool.
                .product(name: "_NIOFileSystem", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSwift
        ),
        // The Simple examples (the Perl distribution's simple-* examples in Swift).
        .target(name: "PAGISimpleExamples", dependencies: ["PAGI", "PAGISimple"], swiftSettings: strictSwift),
        // The server's command line as a library: a user's own executable gets every option.
        .target(
            name: "PAGICommand",
            dependencies: [
                "PAGI",
                "PAGIServer",
                "PAGIServerTLS",
                "PAGIServerHTTP2",
                "PAGIAccessLog",
                "PAGIMiddleware",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strictSwift
        ),
        // `pagi-server`: the command, serving the bundled example apps by name.
        .executableTarget(
            name: "pagi-server",
            dependencies: [
                "PAGICommand",
                "PAGIExamples",
                "PAGISimpleExamples",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strictSwift
        ),
        .testTarget(name: "PAGITests", dependencies: ["PAGI", "PAGITesting"], swiftSettings: strictSwift),
        .testTarget(name: "PAGITestingTests", dependencies: ["PAGI", "PAGITesting"], swiftSettings: strictSwift),
        .testTarget(
            name: "PAGIServerTests",
            dependencies: [
                "PAGI", "PAGIServer", "PAGIServerTLS", "PAGIServerHTTP2", "PAGIExamples", "PAGICommand", "PAGIAccessLog", "PAGITesting",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOWebSocket", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
            ],
            swiftSettings: strictSwift
        ),
        .testTarget(
            name: "PAGISimpleTests",
            dependencies: ["PAGI", "PAGITesting", "PAGISimple", "PAGIMiddleware", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strictSwift
        ),
        .testTarget(
            name: "PAGIMiddlewareTests",
            dependencies: [
                "PAGI", "PAGITesting", "PAGIMiddleware",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "CompressNIO", package: "compress-nio"),
            ],
            swiftSettings: strictSwift
        ),
        .testTarget(
            name: "PAGIJWTTests",
            dependencies: ["PAGI", "PAGITesting", "PAGIMiddleware", "PAGIJWT", .product(name: "JWTKit", package: "jwt-kit")],
            swiftSettings: strictSwift
        ),
        .testTarget(
            name: "PAGIPubSubTests",
            dependencies: ["PAGIPubSub", "PAGI", "PAGITesting", .product(name: "NIOCore", package: "swift-nio")],
            swiftSettings: strictSwift
        ),
        .testTarget(name: "PAGISimpleExamplesTests", dependencies: ["PAGI", "PAGITesting", "PAGISimpleExamples"], swiftSettings: strictSwift),
        .testTarget(
            name: "PAGIExamplesTests",
            dependencies: ["PAGI", "PAGITesting", "PAGIExamples"],
            swiftSettings: strictSwift
        ),
    ],
    swiftLanguageModes: [.v6]
)
