import NIOCore
import PAGI
import Synchronization

/// Reads the whole request body of an `http` or `sse` scope, up to `limit` bytes, for a
/// middleware that must look at it before the application does; returns it with a `receive`
/// that gives the application the same body again, as one event, then the original events.
///
/// Throws ``PAGIError/Code/bodyTooLarge`` over `limit` and ``PAGIError/clientDisconnected``
/// when the client leaves.
func readReplayableBody(_ scope: Scope, from receive: @escaping Receive, limit: Int) async throws -> (body: ByteBuffer, receive: Receive) {
    let body = try await readBody(from: receive, limit: limit)
    let replay: InboundEvent
    if case .sse = scope {
        replay = .sseRequest(body, more: false)
    } else {
        replay = .httpRequest(body, more: false)
    }
    return (body, ReplayingReceive([replay], then: receive).receive)
}

/// A `receive` that first returns the events a middleware already read, then the rest from
/// the server.
final class ReplayingReceive: Sendable {
    private let pending: Mutex<[InboundEvent]>
    private let upstream: Receive

    init(_ events: [InboundEvent], then upstream: @escaping Receive) {
        self.pending = Mutex(events)
        self.upstream = upstream
    }

    var receive: Receive {
        { [self] in
            if let event = self.pending.withLock({ $0.isEmpty ? nil : $0.removeFirst() }) { return event }
            return try await self.upstream()
        }
    }
}

