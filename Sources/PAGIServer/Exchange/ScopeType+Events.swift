package import NIOCore
package import PAGI

extension ScopeType {
    /// The `receive` event for a piece of the request body.
    package func requestEvent(_ piece: ByteBuffer, more: Bool) -> InboundEvent {
        self == .sse ? .sseRequest(piece, more: more) : .httpRequest(piece, more: more)
    }

    /// The `receive` event once the request is over.
    package func disconnectEvent(_ reason: DisconnectReason?) -> InboundEvent {
        self == .sse ? .sseDisconnect(reason: reason) : .httpDisconnect(reason: reason)
    }
}
