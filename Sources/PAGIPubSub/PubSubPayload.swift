#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
public import PAGI

/// What a message carries: text or bytes, kept apart so that a WebSocket room forwards text as
/// text frames and bytes as binary frames, an SSE stream sends the text, and a broker backend
/// records the kind in one byte.
///
/// It is the contract's `WebSocketMessage`: the same two cases, so a room passes what a client
/// sent straight to ``Subscription/publishToOthers(_:to:)`` and what it receives straight to
/// `.websocketSend`, with no conversion either way.
public typealias PubSubPayload = WebSocketMessage

extension WebSocketMessage {
    /// `value` encoded as JSON (keys sorted, so that output is stable), as text: what an SSE
    /// stream or a WebSocket text frame sends on as it is.
    public static func json(_ value: some Encodable) throws -> WebSocketMessage {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return .text(String(decoding: try encoder.encode(value), as: UTF8.self))
    }

    /// The text or the bytes decoded from JSON as `type`; throws the decoder's error when they
    /// are not such a JSON document.
    public func decodeJSON<Value: Decodable>(_ type: Value.Type = Value.self) throws -> Value {
        switch self {
        case .text(let text): try JSONDecoder().decode(type, from: Data(text.utf8))
        case .binary(let bytes): try JSONDecoder().decode(type, from: Data(bytes.readableBytesView))
        }
    }
}
