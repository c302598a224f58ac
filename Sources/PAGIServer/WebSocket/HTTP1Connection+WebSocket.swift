#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import NIOCore
package import PAGI
package import PAGIAccessLog

extension HTTP1Connection {
    /// Serves a WebSocket upgrade request: checks the handshake (400 or 426 when it is not
    /// one the server can complete, before the application runs), then runs the application
    /// with a ``WebSocketSession`` until the connection ends.
    func serveWebSocket(
        _ head: RequestHead,
        reader: ConnectionReader,
        watchdog: ConnectionWatchdog,
        client: NetworkAddress?,
        server: NetworkAddress?
    ) async throws {
        let serializer = self.context.serializer(for: head.version)
        let key: String
        do throws(WebSocketHandshake.Refusal) {
            key = try WebSocketHandshake.check(head)
        } catch {
            self.context.logger.debug("Refused a WebSocket handshake: \(error.message)")
            try await self.pipe.write(.byteBuffer(serializer.errorResponse(error.status, message: error.message, headers: error.headers)))
            self.context.accessLog?.log(
                head.accessLogEntry(client: client, status: Int(error.status.code), bodyBytes: error.message.utf8.count, started: .now, arrival: time(nil), responseHeaders: error.headers)
            )
            return
        }
        let configuration = self.context.configuration
        let scope = self.context.scope(for: head, client: client, server: server, tls: self.tls, connection: ConnectionState())
        let transport = HTTP1WebSocketTransport(
            head: head,
            key: key,
            scope: scope,
            reader: reader,
            pipe: self.pipe,
            serializer: serializer,
            logger: self.context.logger,
            registry: self.registry,
            watchdog: watchdog
        )
        let session = WebSocketSession(head: head, scope: scope, options: configuration.webSocket, transport: transport, logger: self.context.logger)
        let arrival = time(nil)
        watchdog.newRequest()
        self.entry.setActivity(session, closeReason: watchdog.closeReason)
        let outcome = await self.context.runApplication(scope, receive: { try await session.receive() }, send: { try await session.send($0) })
        await session.finish(outcome)
        session.stopTimers()
        self.entry.setActivity(nil, closeReason: watchdog.closeReason)
        self.context.accessLog?.log(session.accessLogEntry(client: scope.request?.client ?? client, arrival: arrival))
    }
}

extension WebSocketSession {
    /// The access log entry: the handshake request and its answer (101, or the refusal), with
    /// the duration of the whole WebSocket.
    package func accessLogEntry(client: NetworkAddress?, arrival: Int) -> AccessLogEntry {
        let state = self.state.withLock { $0 }
        if let denial = state.denial { return denial.accessLogEntry(client: client) }
        return self.head.accessLogEntry(
            client: client,
            status: state.status ?? 0,
            bodyBytes: state.bodyBytes,
            started: self.started,
            arrival: arrival,
            responseHeaders: state.responseHeaders
        )
    }
}
