import ArgumentParser
import NIOCore
import NIOPosix
import NIOWebSocket
import Synchronization

/// Echoes answered across all connections since the last reset.
let echoes = Atomic<Int>(0)

/// WebSocket echo load: `connections` clients, each sending a masked text message and the next
/// one as soon as its echo arrives, for `duration` seconds after a one-second warm-up; prints
/// the echoes per second. Raw SwiftNIO, no async/await, so that the client is not the limit.
@main
struct WSLoad: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ws-load",
        abstract: "WebSocket echo load generator for the swift-pagi benchmarks."
    )

    @Option(help: "TCP port on 127.0.0.1.") var port: Int
    @Option(help: "Request path of the WebSocket.") var path = "/ws"
    @Option(help: "Concurrent WebSocket connections.") var connections = 64
    @Option(help: "Seconds to measure (after one second of warm-up).") var duration = 5
    @Option(help: "Bytes per message.") var messageSize = 32
    @Option(help: "Event-loop threads.") var threads = 1

    func run() throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: self.threads)
        defer { try? group.syncShutdownGracefully() }
        let message = String(repeating: "x", count: self.messageSize)
        let request = "GET \(self.path) HTTP/1.1\r\nHost: 127.0.0.1:\(self.port)\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"
        var channels: [any Channel] = []
        for _ in 0..<self.connections {
            let upgraded = group.next().makePromise(of: Void.self)
            let channel = try ClientBootstrap(group: group)
                .channelOption(.tcpOption(.tcp_nodelay), value: 1)
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHandler(
                            HandshakeHandler(request: request, message: message, upgraded: upgraded)
                        )
                    }
                }
                .connect(host: "127.0.0.1", port: self.port).wait()
            try upgraded.futureResult.wait()
            channels.append(channel)
        }
        sleepSeconds(1)
        echoes.store(0, ordering: .relaxed)
        sleepSeconds(self.duration)
        let count = echoes.load(ordering: .relaxed)
        print("echoes/s: \(count / max(self.duration, 1))")
        for channel in channels { channel.close(promise: nil) }
    }
}

private func sleepSeconds(_ seconds: Int) {
    var remaining = timespec(tv_sec: seconds, tv_nsec: 0)
    while true {
        var request = remaining
        if nanosleep(&request, &remaining) == 0 { return }
    }
}

/// Sends the upgrade request, waits for `101`, then turns the pipeline into a WebSocket one.
final class HandshakeHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let request: String
    private let message: String
    private let upgraded: EventLoopPromise<Void>
    private var received = ByteBuffer()

    init(request: String, message: String, upgraded: EventLoopPromise<Void>) {
        self.request = request
        self.message = message
        self.upgraded = upgraded
    }

    func channelActive(context: ChannelHandlerContext) {
        context.writeAndFlush(self.wrapOutboundOut(ByteBuffer(string: self.request)), promise: nil)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var bytes = self.unwrapInboundIn(data)
        self.received.writeBuffer(&bytes)
        let view = Array(self.received.readableBytesView)
        guard view.count >= 4, (0...(view.count - 4)).contains(where: { view[$0..<($0 + 4)].elementsEqual([13, 10, 13, 10]) }) else { return }
        let text = String(buffer: self.received)
        guard text.hasPrefix("HTTP/1.1 101") else {
            self.upgraded.fail(HandshakeRefused(statusLine: String(text.prefix { $0 != "\r\n" })))
            context.close(promise: nil)
            return
        }
        // The server sends nothing before the first message, so no frame bytes are left over.
        do {
            let pipeline = context.pipeline.syncOperations
            try pipeline.addHandler(ByteToMessageHandler(WebSocketFrameDecoder(maxFrameSize: 1 << 24)))
            try pipeline.addHandler(WebSocketFrameEncoder())
            try pipeline.addHandler(EchoLoadHandler(message: self.message))
            pipeline.removeHandler(context: context, promise: nil)
            self.upgraded.succeed()
        } catch {
            self.upgraded.fail(error)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        self.upgraded.fail(error)
        context.close(promise: nil)
    }
}

struct HandshakeRefused: Error, CustomStringConvertible {
    let statusLine: String
    var description: String { "the WebSocket handshake was refused: \(self.statusLine)" }
}

/// One message in flight per connection: each echo counts and sends the next message.
final class EchoLoadHandler: ChannelInboundHandler {
    typealias InboundIn = WebSocketFrame
    typealias OutboundOut = WebSocketFrame

    private let payload: ByteBuffer

    init(message: String) { self.payload = ByteBuffer(string: message) }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { self.send(context) }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let frame = self.unwrapInboundIn(data)
        switch frame.opcode {
        case .text, .binary:
            echoes.add(1, ordering: .relaxed)
            self.send(context)
        case .connectionClose:
            context.close(promise: nil)
        default:
            break
        }
    }

    private func send(_ context: ChannelHandlerContext) {
        let frame = WebSocketFrame(fin: true, opcode: .text, maskKey: .random(), data: self.payload)
        context.writeAndFlush(self.wrapOutboundOut(frame), promise: nil)
    }
}
