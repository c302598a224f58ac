import Logging
import NIOCore
import PAGI

/// A WebSocket on an HTTP/1 connection: the socket's bytes through the connection's
/// ``ConnectionReader``, frames through its ``ConnectionPipe`` (timed by the watchdog), the
/// handshake answered with `101 Switching Protocols`, the end a TCP close.
struct HTTP1WebSocketTransport: WebSocketTransport {
    let head: RequestHead
    let key: String
    let scope: Scope
    let reader: ConnectionReader
    let pipe: ConnectionPipe
    let serializer: ResponseSerializer
    let logger: Logger
    let registry: ConnectionRegistry
    let watchdog: ConnectionWatchdog
    var channel: any Channel { self.pipe.channel }

    var eventLoop: any EventLoop { self.channel.eventLoop }

    var acceptStatus: HTTPResponse.Status { .switchingProtocols }

    func read<Value>(_ parse: (inout ByteBuffer) throws -> Value?) async throws -> Value? {
        try await self.reader.next(parse)
    }

    func write(_ parts: [IOData]) async throws {
        self.watchdog.beginWrite()
        defer { self.watchdog.endWrite() }
        try await self.pipe.write(contentsOf: parts)
    }

    var writeFailureReason: DisconnectReason {
        self.watchdog.expired == nil ? .writeError : self.watchdog.closeReason
    }

    func writeAccept(subprotocol: String?, headers: Headers) async throws {
        let response = WebSocketHandshake.switchingProtocols(key: self.key, subprotocol: subprotocol, headers: headers, serializer: self.serializer)
        try await self.write([.byteBuffer(response)])
    }

    func writeRefusal(_ status: HTTPResponse.Status) async throws {
        try await self.write([.byteBuffer(self.serializer.errorResponse(status))])
    }

    func makeDenial() -> any WebSocketDenial {
        let denial = HTTP1Exchange(
            head: self.head,
            scope: .http(self.scope.request!),
            connection: ConnectionState(),
            reader: self.reader,
            pipe: self.pipe,
            serializer: self.serializer,
            logger: self.logger,
            registry: self.registry,
            watchdog: self.watchdog
        )
        denial.state.withLock { $0.applicationClosesConnection = true }  // The upgrade request ends the connection.
        return denial
    }

    func finishSending() {
        self.channel.close(mode: .output).whenFailure { _ in self.channel.close(promise: nil) }
    }

    func close() {
        self.channel.close(promise: nil)
    }
}

extension HTTP1Exchange: WebSocketDenial {
    func finishDenial(threw error: (any Error)?) async {
        _ = await self.finish(error.map { .threw($0) } ?? .returned)
    }
}
