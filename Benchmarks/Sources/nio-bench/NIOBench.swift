import ArgumentParser
import Dispatch
import NIOCore
import NIOHTTP1
import NIOPosix
import PeerOptions

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Raw SwiftNIO peer: the benchmark endpoints straight on a channel pipeline, no async/await.
@main
struct NIOBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "nio-bench",
        abstract: "Raw SwiftNIO HTTP/1 peer server for the swift-pagi benchmarks."
    )

    @OptionGroup var options: PeerServerOptions

    func run() throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: options.threads)
        defer { try? group.syncShutdownGracefully() }

        // Backlog and SO_REUSEADDR as Hummingbird sets them; NIO turns on TCP_NODELAY itself.
        let bootstrap = ServerBootstrap(group: group)
            .serverChannelOption(ChannelOptions.backlog, value: 256)
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    // The pipeline handler queues pipelined requests until the response in
                    // flight has ended, so BenchHTTPHandler only ever sees one at a time.
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
                    try channel.pipeline.syncOperations.addHandler(BenchHTTPHandler())
                }
            }

        let serverChannel = try bootstrap.bind(host: options.host, port: options.port).wait()
        let signalSources = closeOnSignals([SIGTERM, SIGINT], serverChannel)

        // Closing the listener ends the wait; shutting the group down then closes every connection.
        try serverChannel.closeFuture.wait()
        signalSources.forEach { $0.cancel() }
    }

    /// Closes `channel` when any of `signals` arrives, instead of the default kill.
    private func closeOnSignals(_ signals: [Int32], _ channel: any Channel) -> [any DispatchSourceSignal] {
        signals.map { signalNumber in
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler { channel.close(promise: nil) }
            source.resume()
            return source
        }
    }
}
