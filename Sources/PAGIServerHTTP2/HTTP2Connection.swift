import Logging
import NIOCore
import NIOHTTP2
import PAGI
import PAGIServer
import Synchronization

/// One HTTP/2 connection: NIOHTTP2 on the channel, then one task per stream, each serving
/// one request (``HTTP2StreamExchange``) until the connection closes.
struct HTTP2Connection {
    let handoff: HTTP2Handoff
    let options: HTTP2Options

    typealias StreamChannel = NIOAsyncChannel<HTTP2Frame.FramePayload, HTTP2Frame.FramePayload>

    func run() async {
        let handoff = self.handoff
        let context = handoff.context
        let channel = handoff.channel
        let streams = HTTP2Streams(channel: channel)
        let management = NIOHTTP2ServerConnectionManagementHandler.Configuration(
            // An idle connection (no open stream) closes as an idle HTTP/1 one does.
            maxIdleTime: context.configuration.timeoutKeepAlive.map { TimeAmount($0) },
            maxAge: nil,
            // The server's shutdown timeout closes what is left (the registry's `closeAll`).
            maxGraceTime: nil,
            keepalive: nil
        )
        let multiplexer: NIOHTTP2Handler.AsyncStreamMultiplexer<StreamChannel>
        do {
            multiplexer = try await channel.eventLoop.submit {
                let multiplexer = try channel.pipeline.syncOperations.configureAsyncHTTP2Pipeline(
                    mode: .server,
                    connectionManagerConfiguration: management,
                    http2HandlerConfiguration: self.options.handlerConfiguration
                ) { stream in
                    stream.eventLoop.makeCompletedFuture {
                        try StreamChannel(wrappingChannelSynchronously: stream, configuration: .init(backPressureStrategy: .init(lowWatermark: 2, highWatermark: 8)))
                    }
                }
                // The connection manager starts its idle timer on channelActive, which this
                // channel saw before HTTP/2 was chosen: give it now (nothing follows it).
                let manager = try channel.pipeline.syncOperations.handler(type: NIOHTTP2ServerConnectionManagementHandler.self)
                manager.channelActive(context: try channel.pipeline.syncOperations.context(handler: manager))
                handoff.releaseHeldBytes()
                return multiplexer
            }.get()
        } catch {
            context.logger.debug("HTTP/2 connection could not start: \(error)")
            channel.close(promise: nil)
            return
        }
        // A graceful shutdown tells the connection (GOAWAY) rather than closing it: it is
        // never idle as the registry sees it.
        handoff.entry.setIdle(false)
        handoff.entry.setActivity(streams, closeReason: .clientClosed)
        channel.closeFuture.whenComplete { _ in _ = handoff.entry.markClosed() }
        let client = NetworkAddress(channel.remoteAddress)
        let server = NetworkAddress(channel.localAddress)
        await withDiscardingTaskGroup { group in
            do {
                for try await stream in multiplexer.inbound {
                    group.addTask {
                        await HTTP2StreamRunner(handoff: handoff, streams: streams, client: client, server: server).serve(stream)
                    }
                }
            } catch {
                context.logger.debug("HTTP/2 connection ended: \(error)")
            }
        }
        channel.close(promise: nil)
    }
}

/// The streams of one connection in progress, as the server's registry sees the
/// connection: a graceful shutdown sends GOAWAY (open streams finish, event streams end),
/// the end of the shutdown timeout ends them all.
final class HTTP2Streams: ConnectionActivity {
    private let channel: any Channel
    /// Each stream's exchange, or its WebSocket session.
    private let exchanges = Mutex<[ObjectIdentifier: any ConnectionActivity]>([:])
    private let shuttingDown = Atomic<Bool>(false)

    init(channel: any Channel) { self.channel = channel }

    func insert(_ exchange: any ConnectionActivity) {
        self.exchanges.withLock { $0[ObjectIdentifier(exchange)] = exchange }
        if self.shuttingDown.load(ordering: .relaxed) { exchange.beginShutdown(closeCode: .goingAway) }
    }

    func remove(_ exchange: any ConnectionActivity) {
        _ = self.exchanges.withLock { $0.removeValue(forKey: ObjectIdentifier(exchange)) }
    }

    func end(_ reason: DisconnectReason) {
        for exchange in self.exchanges.withLock({ Array($0.values) }) { exchange.end(reason) }
    }

    func beginShutdown(closeCode: WebSocketCloseCode) {
        self.shuttingDown.store(true, ordering: .relaxed)
        for exchange in self.exchanges.withLock({ Array($0.values) }) { exchange.beginShutdown(closeCode: closeCode) }
        // NIOHTTP2's connection manager sends GOAWAY, lets open streams finish, then closes.
        self.channel.pipeline.fireUserInboundEventTriggered(ChannelShouldQuiesceEvent())
    }

    /// The server's sweep reaches each stream (a WebSocket's notices an application that
    /// stopped reading).
    func sweep() {
        for exchange in self.exchanges.withLock({ Array($0.values) }) { exchange.sweep() }
    }
}
