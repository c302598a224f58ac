import NIOCore
import NIOHTTP2
import PAGI
import PAGIServer

extension HTTP2StreamExchange: EventStreamExchange {
    /// The stream events of an `sse` scope; `false` for the events `sendHTTP` handles (the
    /// decline response and `http.fullflush`).
    func sendSSE(_ event: OutboundEvent) async throws -> Bool {
        guard case .sseStart(let start) = event else { return await self.sendStreamEvent(event) }
        let headers = Self.streamHeaders(start)
        self.state.withLock { state in
            state.status = start.status.code
            state.responseHeaders = headers
            state.headSent = true
        }
        self.connection.markResponseStarted()
        await self.write([.headers(.init(headers: self.fields.head(status: start.status, headers: headers, bodyless: false)))])
        return true
    }

    var lastWrite: ContinuousClock.Instant { self.state.withLock { $0.lastWrite } }

    var isStreaming: Bool { self.state.withLock { $0.headSent && !$0.complete && $0.ended == nil } }

    func withKeepalive(_ body: (inout Task<Void, Never>?) -> Void) {
        self.state.withLock { body(&$0.keepalive) }
    }

    /// Writes bytes of the event stream as one DATA frame.
    func writeStreamBytes(_ bytes: ByteBuffer) async {
        self.state.withLock { $0.bodyBytes += bytes.readableBytes }
        await self.write([.data(.init(data: .byteBuffer(bytes)))])
    }

    /// Ends the event stream (an empty DATA frame with END_STREAM) and completes the response.
    func endStream() async {
        let alreadyComplete = self.state.withLock { state in
            state.keepalive?.cancel()
            state.keepalive = nil
            return state.complete
        }
        guard !alreadyComplete else { return }
        await self.write([.data(.init(data: .byteBuffer(ByteBuffer()), endStream: true))])
        self.completeResponse()
    }
}
