import NIOCore
import NIOFileSystem
import PAGI

/// An `sse` scope (the client's `Accept` asked for `text/event-stream`) answered by an HTTP
/// route: the request body arrives as `sse.request` events and the response leaves as the
/// scope's `sse.http.response.*` events, so a route answers such a request as it would any
/// other (an `EventSource` pointed at a page gets the page, or its 404).
enum SSEScopeAdapter {
    /// `receive` with the sse scope's events as their http twins.
    static func receive(_ receive: @escaping Receive) -> Receive {
        {
            switch try await receive() {
            case .sseRequest(let bytes, let more): return .httpRequest(bytes, more: more)
            case .sseDisconnect(let reason): return .httpDisconnect(reason: reason)
            case let other: return other
            }
        }
    }

    /// `send` taking http response events and sending the sse scope's response events; a file
    /// body is read and sent in pieces (the sse scope's response has no file form).
    static func send(_ send: @escaping Send) -> Send {
        { event in
            switch event {
            case .httpResponseStart(let start):
                try await send(.sseHTTPResponseStart(start))
            case .httpResponseBody(let bytes, let more):
                try await send(.sseHTTPResponseBody(bytes, more: more))
            case .httpResponseFile(let file):
                guard case .path(let path) = file.source else {
                    throw PAGIError(.invalidEvent, "An sse scope's response cannot send an open file descriptor")
                }
                let end = file.length.map { file.offset + $0 } ?? Int64.max
                try await FileSystem.shared.withFileHandle(forReadingAt: FilePath(path)) { handle in
                    for try await chunk in handle.readChunks(in: file.offset..<end, chunkLength: .kibibytes(64)) {
                        try await send(.sseHTTPResponseBody(chunk, more: true))
                    }
                }
                try await send(.sseHTTPResponseBody(ByteBuffer()))
            default:
                try await send(event)
            }
        }
    }
}
