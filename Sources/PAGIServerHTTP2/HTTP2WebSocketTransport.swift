import Logging
import NIOCore
import NIOHTTP2
import PAGI
import PAGIServer
import Synchronization

/// A WebSocket on one HTTP/2 stream (RFC 8441): the client's DATA frames carry its WebSocket
/// frames and the server's go out as DATA; the handshake is answered with `:status 200`
/// HEADERS (no `Sec-WebSocket-Accept`), a refusal is an ordinary response on the stream, and
/// the end is END_STREAM. Flow control is the backpressure: a write waits for window, and
/// the stream is read only as the session asks, so the client's window grows as it reads.
final class HTTP2WebSocketTransport: WebSocketTransport, @unchecked Sendable {
    private struct Reading {
        var inbound: NIOAsyncChannelInboundStream<HTTP2Frame.FramePayload>.AsyncIterator
        var buffer = ByteBuffer()
        var ended = false
    }

    let head: RequestHead
    let scope: Scope
    let connection: ConnectionState
    let writer: StreamWriter
    let fields: ResponseFields
    let logger: Logger
    /// Only the session's holder of the socket reads (one at a time), so `reading` needs no lock.
    private var reading: Reading
    private let streamEnded = Atomic<Bool>(false)

    init(
        head: RequestHead,
        scope: Scope,
        inbound: NIOAsyncChannelInboundStream<HTTP2Frame.FramePayload>.AsyncIterator,
        requestEnded: Bool,
        writer: StreamWriter,
        fields: ResponseFields,
        logger: Logger
    ) {
        self.head = head
        self.scope = scope
        self.connection = ConnectionState()
        self.reading = Reading(inbound: inbound, ended: requestEnded)
        self.writer = writer
        self.fields = fields
        self.logger = logger
    }

    var eventLoop: any EventLoop { self.writer.channel.eventLoop }

    var acceptStatus: HTTPResponse.Status { .ok }

    func read<Value>(_ parse: (inout ByteBuffer) throws -> Value?) async throws -> Value? {
        while true {
            if let value = try parse(&self.reading.buffer) { return value }
            if self.reading.ended { return nil }
            switch try await self.reading.inbound.next() {
            case .data(let data)?:
                guard case .byteBuffer(var bytes) = data.data else { continue }
                self.reading.buffer.writeBuffer(&bytes)
                if data.endStream { self.reading.ended = true }
            case .headers(let trailers)? where trailers.endStream:
                self.reading.ended = true
            case .rstStream?, nil:
                // The client reset the stream (or the connection went): a drop, 1006.
                throw ChannelError.eof
            default:
                continue
            }
        }
    }

    func write(_ parts: [IOData]) async throws {
        try await self.writer.write(parts.map { .data(.init(data: $0)) })
    }

    var writeFailureReason: DisconnectReason { .writeError }

    func writeAccept(subprotocol: String?, headers: Headers) async throws {
        var headers = headers
        if let subprotocol { headers.append(.secWebSocketProtocol, ByteString(subprotocol)) }
        try await self.writer.write([.headers(.init(headers: self.fields.head(status: .ok, headers: headers, bodyless: false)))])
    }

    func writeRefusal(_ status: HTTPResponse.Status) async throws {
        let (block, body) = self.fields.errorResponse(status)
        self.streamEnded.store(true, ordering: .relaxed)
        try await self.writer.write([.headers(.init(headers: block)), .data(.init(data: .byteBuffer(body), endStream: true))])
    }

    func makeDenial() -> any WebSocketDenial {
        self.streamEnded.store(true, ordering: .relaxed)  // The denial response ends the stream.
        return HTTP2StreamExchange(
            head: self.head,
            scope: .http(self.scope.request!),
            connection: self.connection,
            inbound: self.reading.inbound,
            requestEnded: true,
            writer: self.writer,
            fields: self.fields,
            logger: self.logger,
            maxBodySize: nil
        )
    }

    func finishSending() {
        guard !self.streamEnded.exchange(true, ordering: .relaxed) else { return }
        self.writer.channel.writeAndFlush(HTTP2Frame.FramePayload.data(.init(data: .byteBuffer(ByteBuffer()), endStream: true)), promise: nil)
    }

    /// Ends the stream: END_STREAM when it is not sent yet, then the stream closes (a reset
    /// when the client has not ended its side).
    func close() {
        let channel = self.writer.channel
        if self.streamEnded.exchange(true, ordering: .relaxed) {
            channel.close(promise: nil)
            return
        }
        channel.writeAndFlush(HTTP2Frame.FramePayload.data(.init(data: .byteBuffer(ByteBuffer()), endStream: true))).whenComplete { _ in
            channel.close(promise: nil)
        }
    }
}

extension HTTP2StreamExchange: WebSocketDenial {
    func finishDenial(threw error: (any Error)?) async {
        await self.finish(error)
    }
}
