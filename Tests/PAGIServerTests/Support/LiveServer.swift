#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
import Logging
import NIOCore
import NIOPosix
import PAGI
import PAGIServer
import ServiceLifecycle

/// A server on 127.0.0.1 and a free port, for the length of a test.
struct LiveServer: Sendable {
    /// Every bound address, one per listener of the configuration's `bindings`.
    let addresses: [NetworkAddress]
    /// The first listener's address.
    var address: NetworkAddress { self.addresses[0] }
    var port: Int { self.address.port ?? 0 }
    /// Starts a graceful shutdown now (as SIGTERM does).
    let shutdown: @Sendable () async -> Void

    /// Runs `app` on a live server while `body` runs, then shuts it down gracefully.
    static func run<Result: Sendable>(
        _ app: @escaping Application,
        configure: (inout ServerConfiguration) -> Void = { _ in },
        _ body: @Sendable (LiveServer) async throws -> Result
    ) async throws -> Result {
        var configuration = ServerConfiguration()
        configuration.binding = .tcp(host: "127.0.0.1", port: 0)
        configuration.threads = 1
        configuration.logger = Self.logger
        configuration.timeoutGracefulShutdown = .seconds(2)
        configuration.accessLog = .off
        configure(&configuration)
        let (addresses, continuation) = AsyncStream.makeStream(of: NetworkAddress.self)
        let server = PAGIServer(app: app, configuration: configuration) { continuation.yield($0) }
        let group = ServiceGroup(configuration: .init(services: [server], logger: configuration.logger))
        return try await withThrowingTaskGroup(of: Result?.self) { tasks in
            tasks.addTask {
                try await group.run()
                return nil
            }
            // Every listener's address, or the server's error when it fails to start.
            let listeners = configuration.bindings.count
            tasks.addTask {
                var bound: [NetworkAddress] = []
                for await address in addresses {
                    bound.append(address)
                    if bound.count == listeners { throw Started(addresses: bound) }
                }
                return nil
            }
            var bound: [NetworkAddress] = []
            do {
                _ = try await tasks.next()
            } catch let started as Started {
                bound = started.addresses
            }
            guard !bound.isEmpty else { throw TestFailure("the server stopped before it listened") }
            let result: Result
            do {
                result = try await body(LiveServer(addresses: bound, shutdown: { await group.triggerGracefulShutdown() }))
            } catch {
                await group.triggerGracefulShutdown()
                throw error
            }
            await group.triggerGracefulShutdown()
            continuation.finish()
            try await tasks.waitForAll()
            return result
        }
    }

    /// Quiet, unless `PAGI_TEST_LOG` is set (then everything goes to standard error).
    static let logger: Logger = {
        guard getenv("PAGI_TEST_LOG") != nil else { return Logger(label: "test.server") { _ in SwiftLogNoOpLogHandler() } }
        var logger = Logger(label: "test.server") { StreamLogHandler.standardError(label: $0) }
        logger.logLevel = .trace
        return logger
    }()

    /// A new raw connection to the server.
    func connect() async throws -> RawClient {
        try await RawClient.connect(port: self.port)
    }
}

/// The server is listening (thrown to end the wait for its address).
private struct Started: Error {
    let addresses: [NetworkAddress]
}

struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
