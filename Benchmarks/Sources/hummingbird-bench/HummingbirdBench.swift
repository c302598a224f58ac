import ArgumentParser
import Hummingbird
import Logging
import NIOPosix
import PeerOptions

/// Hummingbird 2 peer: the benchmark endpoints on a plain `Router`, and with `--websocket` a
/// WebSocket echo on `/ws`.
@main
struct HummingbirdBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hummingbird-bench",
        abstract: "Hummingbird 2 peer server for the swift-pagi benchmarks."
    )

    @OptionGroup var options: PeerServerOptions

    @Flag(help: "Serve the WebSocket echo on /ws (HTTP/1 with the upgrade handler); without it, plain HTTP/1.")
    var websocket = false

    func run() async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: options.threads)

        // Warning level: Hummingbird logs its startup and per-connection details at info/debug.
        var logger = Logger(label: "hummingbird-bench")
        logger.logLevel = .warning

        let app = Application(
            router: makeBenchRouter(),
            // The upgrade handler costs every plain request a little: only where it is measured.
            server: self.websocket ? .webSocketEchoServer : .http1(),
            configuration: ApplicationConfiguration(address: .hostname(options.host, port: options.port)),
            eventLoopGroupProvider: .shared(group),
            logger: logger
        )

        // runService() installs the SIGTERM/SIGINT graceful shutdown.
        do {
            try await app.runService()
        } catch {
            try? await group.shutdownGracefully()
            throw error
        }
        try await group.shutdownGracefully()
    }
}
