import NIOCore
import PAGI

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
    let pending = Once()
    return (body, { pending.claim() ? replay : try await receive() })
}
