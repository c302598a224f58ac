import Logging
package import NIOCore
package import PAGI

/// One HTTP/1 connection: reads request heads in order (pipelined ones included), builds
/// each request's scope, calls the application inline, and keeps the connection open while
/// the requests allow it.
struct HTTP1Connection {
    let pipe: ConnectionPipe
    let context: ServerContext
    let entry: ConnectionRegistry.Entry
    /// The connection's `tls` extension, found once at its handshake; `nil` in cleartext.
    let tls: TLSInfo?
    var registry: ConnectionRegistry { self.context.registry }

    func run() async {
        let entry = self.entry
        let serializer = self.context.serializer(for: .http1_1)
        let channel = self.pipe.channel
        let watchdog = ConnectionWatchdog(channel: channel, limits: self.context.configuration.timeouts) {
            serializer.errorResponse(.requestTimeout)
        }
        // The client leaving is seen at once, even while the application only sends.
        channel.closeFuture.whenComplete { _ in
            entry.markClosed()?.end(watchdog.closeReason)
        }
        let client = NetworkAddress(channel.remoteAddress)
        let server = NetworkAddress(channel.localAddress)
        entry.watch(with: watchdog)
        let reader = ConnectionReader(pipe: self.pipe, limits: self.context.configuration.headLimits, watchdog: watchdog)
        do {
            while true {
                let head: RequestHead
                do {
                    entry.setIdle(!reader.hasBufferedBytes)
                    // A graceful shutdown began while this connection waits for a request
                    // (a new one, or one whose response went out just before): the request
                    // may be on its way, so it has a moment to arrive and is answered.
                    if self.registry.isShuttingDown && !reader.hasBufferedBytes { entry.closeIfStillIdleAfterGrace() }
                    guard let next = try await reader.readHead() else { break }
                    entry.setIdle(false)
                    head = next
                } catch let error as HTTP1Error {
                    try await self.refuse(error, version: .http1_1)
                    break
                } catch ConnectionReader.ReadError.closed where watchdog.expired == .readingHead {
                    self.context.logger.debug("A request head did not arrive in time: answered 408")
                    break
                }
                if head.isWebSocketUpgrade {
                    // The connection becomes the WebSocket's, until it closes.
                    try await self.serveWebSocket(head, reader: reader, watchdog: watchdog, client: client, server: server)
                    break
                }
                let keepAlive = try await self.serve(head, reader: reader, watchdog: watchdog, client: client, server: server)
                if !keepAlive { break }
            }
        } catch {
            self.context.logger.debug("Connection ended: \(error)")
        }
        await self.pipe.close()
    }

    /// Answers the first request with 503 and `retry-after`, without running the application:
    /// the server is at its `--limit-concurrency`.
    @inline(never)
    func refuseOverLimit() async {
        self.context.logger.warning("Over the connection limit (\(self.context.configuration.limitConcurrency ?? 0)): answering 503")
        let response = self.context.serializer(for: .http1_1).errorResponse(.serviceUnavailable, headers: ["retry-after": "5"])
        // Read what the client sent first, so that closing does not reset the answer away.
        _ = try? await self.pipe.read()
        try? await self.pipe.write(.byteBuffer(response))
        await self.pipe.close()
    }

    /// Serves one request: its exchange and scope, the application, the failure rules, the
    /// access log. Returns whether the connection can serve another.
    ///
    /// Kept out of line, as are ``exchange(for:reader:watchdog:client:server:)`` and
    /// the calls below: a connection's task keeps the memory of its deepest call (the
    /// application's) for as long as the connection lives, idle or not, so the frames under
    /// the application are kept small (docs/performance.md, "The memory benchmark").
    @inline(never)
    private func serve(
        _ head: RequestHead,
        reader: ConnectionReader,
        watchdog: ConnectionWatchdog,
        client: NetworkAddress?,
        server: NetworkAddress?
    ) async throws -> Bool {
        let exchange: HTTP1Exchange
        let scope: Scope
        do {
            (exchange, scope) = try self.exchange(for: head, reader: reader, watchdog: watchdog, client: client, server: server)
        } catch {
            try await self.refuse(error, version: head.version)
            return false
        }
        watchdog.newRequest()
        self.entry.setActivity(exchange, closeReason: watchdog.closeReason)
        let outcome = await self.context.runApplication(scope, receive: { try await exchange.receive() }, send: { try await exchange.send($0) })
        let keepAlive = await exchange.finish(outcome)
        self.entry.setActivity(nil, closeReason: watchdog.closeReason)
        self.context.accessLog?.log(exchange.accessLogEntry(client: scope.request?.client ?? client))
        return keepAlive
    }

    /// The exchange and scope for `head`; throws when the request is refused before the
    /// application runs (its body is over the limit). Synchronous, so that building the
    /// scope takes thread stack rather than memory the connection's task keeps.
    @inline(never)
    private func exchange(
        for head: RequestHead,
        reader: ConnectionReader,
        watchdog: ConnectionWatchdog,
        client: NetworkAddress?,
        server: NetworkAddress?
    ) throws(HTTP1Error) -> (HTTP1Exchange, Scope) {
        try reader.startBody(head.framing, maxSize: self.context.configuration.maxBodySize)
        let connection = ConnectionState()
        let scope = self.context.scope(for: head, client: client, server: server, tls: self.tls, connection: connection)
        let exchange = HTTP1Exchange(
            head: head,
            scope: scope,
            connection: connection,
            reader: reader,
            pipe: self.pipe,
            serializer: self.context.serializer(for: head.version),
            logger: self.context.logger,
            registry: self.registry,
            watchdog: watchdog
        )
        return (exchange, scope)
    }

    /// Answers a request the server refuses on its own, then the connection closes.
    private func refuse(_ error: HTTP1Error, version: HTTPVersion) async throws {
        self.context.logger.debug("Refused a request: \(error)")
        let response = self.context.serializer(for: version).errorResponse(error.status, message: error.message)
        try await self.pipe.write(.byteBuffer(response))
    }
}

extension NetworkAddress {
    /// The PAGI form of a NIO socket address.
    package init?(_ address: SocketAddress?) {
        switch address {
        case .v4?, .v6?:
            guard let host = address?.ipAddress, let port = address?.port else { return nil }
            self = .tcp(host: host, port: port)
        case .unixDomainSocket?:
            self = .unix(path: address?.pathname ?? "")
        case nil:
            return nil
        }
    }
}
