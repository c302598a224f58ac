#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import NIOCore
import NIOHTTP2
import PAGI
import PAGIServer

extension HTTP2StreamRunner {
    /// Serves an extended CONNECT with `:protocol websocket` (RFC 8441): the same
    /// ``WebSocketSession`` as over HTTP/1, on an ``HTTP2WebSocketTransport``. A version
    /// other than 13 is refused before the application runs (400 with
    /// `Sec-WebSocket-Version: 13`: HTTP/2 has no 426 upgrade).
    func serveWebSocket(
        _ head: RequestHead,
        scheme: String,
        inbound: NIOAsyncChannelInboundStream<HTTP2Frame.FramePayload>.AsyncIterator,
        requestEnded: Bool,
        writer: StreamWriter,
        fields: ResponseFields
    ) async throws {
        let context = self.handoff.context
        let versions = head.headers.filter { $0.name == "sec-websocket-version" }
        guard versions.count == 1, versions[0].value == "13" else {
            context.logger.debug("Refused an HTTP/2 WebSocket handshake: not version 13")
            try await Self.refuse(.badRequest, "Only WebSocket version 13 is supported", headers: ["sec-websocket-version": "13"], fields: fields, writer: writer)
            return
        }
        let scope = context.scope(
            for: head,
            client: self.client,
            server: self.server,
            tls: self.handoff.tls,
            connection: ConnectionState(),
            scheme: scheme == "https" ? "wss" : "ws"
        )
        let transport = HTTP2WebSocketTransport(
            head: head,
            scope: scope,
            inbound: inbound,
            requestEnded: requestEnded,
            writer: writer,
            fields: fields,
            logger: context.logger
        )
        let session = WebSocketSession(head: head, scope: scope, options: context.configuration.webSocket, transport: transport, logger: context.logger)
        self.streams.insert(session)
        defer { self.streams.remove(session) }
        // A reset (or the connection closing) is a drop: 1006, as when a TCP connection goes.
        writer.channel.closeFuture.whenComplete { _ in session.end(.clientClosed) }
        let arrival = time(nil)
        var failure: (any Error)?
        do {
            try await context.app(scope, { try await session.receive() }, { try await session.send($0) })
        } catch {
            failure = error
        }
        await session.finish(threw: failure)
        session.stopTimers()
        context.accessLog?.log(session.accessLogEntry(client: scope.request?.client ?? self.client, arrival: arrival))
    }
}
