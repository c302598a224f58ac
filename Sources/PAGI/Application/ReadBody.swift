public import NIOCore

/// Reads a request body to its end: the `http.request` (or `sse.request`) pieces joined.
///
/// Throws ``PAGIError/clientDisconnected`` when the client leaves first, and a
/// ``PAGIError/Code/bodyTooLarge`` error as soon as the body grows past `limit` bytes.
public func readBody(from receive: Receive, limit: Int? = nil) async throws -> ByteBuffer {
    var body = ByteBuffer()
    while true {
        let event = try await receive()
        let piece: ByteBuffer
        let more: Bool
        switch event {
        case .httpRequest(let chunk, let hasMore), .sseRequest(let chunk, let hasMore):
            (piece, more) = (chunk, hasMore)
        case .httpDisconnect, .sseDisconnect, .websocketDisconnect:
            throw PAGIError.clientDisconnected
        default:
            throw PAGIError(.eventOutOfOrder, "Expected a request body event, received '\(event.type)'")
        }
        if let limit, body.readableBytes + piece.readableBytes > limit {
            throw PAGIError(.bodyTooLarge, "The request body is larger than \(limit) bytes")
        }
        if body.readableBytes == 0 && !more { return piece }
        body.writeImmutableBuffer(piece)
        if !more { return body }
    }
}
