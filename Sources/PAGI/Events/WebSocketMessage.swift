public import NIOCore

/// One WebSocket message: text (decoded from and encoded to UTF-8 by the server) or binary.
/// The spec's "exactly one of `bytes` / `text`", enforced by the type.
public enum WebSocketMessage: Sendable, Hashable {
    case text(String)
    case binary(ByteBuffer)

    /// The text of a text message.
    public var text: String? {
        if case .text(let text) = self { return text }
        return nil
    }

    /// The bytes of a binary message.
    public var binary: ByteBuffer? {
        if case .binary(let bytes) = self { return bytes }
        return nil
    }
}
