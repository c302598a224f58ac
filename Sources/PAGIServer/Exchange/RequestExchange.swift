package import NIOCore
package import PAGI

/// One request's `receive` and `send`, on any protocol: the order and the rules are the same
/// on HTTP/1 and HTTP/2; how body pieces are read and how events reach the wire are each
/// protocol's own.
package protocol RequestExchange: ConnectionActivity {
    /// The scope's type (`http` or `sse`).
    var kind: ScopeType { get }
    /// The request's connection state (disconnects, response progress).
    var connection: ConnectionState { get }
    /// Keeps the scope's sends in order.
    var sendGate: AsyncGate { get }
    /// Keeps the scope's reads in order.
    var receiveGate: AsyncGate { get }
    /// Records why the request ended abnormally (the first reason stays).
    func recordEnd(_ reason: DisconnectReason)
    /// Whether `receive` still reads the request body (it has not ended, been read to its
    /// end, and the application's call is not over).
    var isReadingBody: Bool { get }

    /// Runs before each body read (HTTP/1's `100 Continue`).
    func prepareToRead() async
    /// The next piece of the request body and whether more follows.
    func nextBodyPiece() async throws -> (ByteBuffer, Bool)
    /// The body's last piece was delivered.
    func bodyDelivered()
    /// Reading the body failed: the request ends (body refused, client gone, timeout).
    func bodyFailed(_ error: any Error)

    /// Validates `event` and opens its file body, under the exchange's lock; whether the
    /// request already ended (then nothing is sent).
    func admit(_ event: OutboundEvent) throws(PAGIError) -> (ended: Bool, file: FileRegion?)
    /// Sends a file body (and closes it once sent).
    func sendFile(_ region: FileRegion) async throws
    /// The event stream events of an `sse` scope; `false` for the others.
    func sendSSE(_ event: OutboundEvent) async throws -> Bool
    /// The `http.*` events (also an `sse` scope's decline response).
    func sendHTTP(_ event: OutboundEvent) async throws
}

extension RequestExchange {
    /// Records that the request ended abnormally (the client left or reset it, a write
    /// failed, the body was refused): `send` becomes a no-op and `receive` returns the
    /// disconnect event.
    package func end(_ reason: DisconnectReason) {
        self.recordEnd(reason)
        self.connection.markDisconnected(reason)
    }

    /// A graceful shutdown ends an event stream (the client reconnects elsewhere); a plain
    /// request finishes.
    package func beginShutdown(closeCode: WebSocketCloseCode) {
        if self.kind == .sse { self.end(.serverShutdown) }
    }

    package func sweep() {}

    /// Holds `start` back in `state` until the first body (which chooses the framing).
    package func hold(_ start: ResponseStart, in state: inout some ResponseState) {
        state.pendingStart = start
        state.status = start.status.code
        state.responseHeaders = start.headers
        state.trailersPromised = start.trailers
    }
    /// The scope's `receive`: body pieces while there are any, then the disconnect event once
    /// the response is complete or the request ended.
    package func receive() async throws -> InboundEvent {
        let piece: InboundEvent? = await self.receiveGate.withGate {
            guard self.isReadingBody else { return nil }
            await self.prepareToRead()
            do {
                let (piece, more) = try await self.nextBodyPiece()
                if !more { self.bodyDelivered() }
                return self.kind.requestEvent(piece, more: more)
            } catch {
                self.bodyFailed(error)
                return nil
            }
        }
        if let piece { return piece }
        return self.kind.disconnectEvent(await self.connection.waitForDisconnect())
    }

    /// The scope's `send`: validates the event, then sends what it means. After the request
    /// ended (client gone) it is a no-op. A file that cannot be opened fails this send and
    /// changes nothing, so the application can still answer otherwise.
    package func send(_ event: OutboundEvent) async throws {
        try await self.sendGate.withGate {
            let (ended, file) = try self.admit(event)
            if ended { return }
            if let file { return try await self.sendFile(file) }
            if self.kind == .sse, try await self.sendSSE(event) { return }
            try await self.sendHTTP(event)
        }
    }
}
