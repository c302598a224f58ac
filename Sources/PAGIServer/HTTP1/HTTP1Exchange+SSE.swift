import NIOCore
import PAGI

extension HTTP1Exchange: EventStreamExchange {
    /// The stream events of an `sse` scope; `false` for the events `sendHTTP` handles (the
    /// decline response and `http.fullflush`).
    func sendSSE(_ event: OutboundEvent) async throws -> Bool {
        guard case .sseStart(let start) = event else { return await self.sendStreamEvent(event) }
        let headers = Self.streamHeaders(start)
        let framing: ResponseFraming = self.head.version == .http1_1 ? .chunked : .untilClose
        let head = self.serializer.head(status: start.status, headers: headers, framing: framing, keepAlive: false)
        self.state.withLock { state in
            state.framing = framing
            state.status = start.status.code
            state.responseHeaders = headers
        }
        self.connection.markResponseStarted()
        await self.write([.byteBuffer(head)])
        return true
    }

    var lastWrite: ContinuousClock.Instant { self.state.withLock { $0.lastWrite } }

    var isStreaming: Bool { self.state.withLock { $0.framing != nil && !$0.complete && $0.ended == nil } }

    func withKeepalive(_ body: (inout Task<Void, Never>?) -> Void) {
        self.state.withLock { body(&$0.keepalive) }
    }

    /// Writes bytes of the event stream, as a chunk when the stream is chunked.
    func writeStreamBytes(_ bytes: ByteBuffer) async {
        let chunked = self.state.withLock { state in
            state.bodyBytes += bytes.readableBytes
            return state.framing == .chunked
        }
        if chunked {
            await self.write(ResponseSerializer.chunk(.byteBuffer(bytes)))
        } else {
            await self.write([.byteBuffer(bytes)])
        }
    }

    /// Ends the event stream (the last chunk) and completes the response; the connection
    /// closes afterwards.
    func endStream() async {
        let (chunked, alreadyComplete) = self.state.withLock { state in
            state.keepalive?.cancel()
            state.keepalive = nil
            return (state.framing == .chunked, state.complete)
        }
        guard !alreadyComplete else { return }
        if chunked { await self.write([.byteBuffer(ResponseSerializer.lastChunk())]) }
        self.completeResponse()
    }
}
