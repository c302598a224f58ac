import NIOCore
import PAGI

extension HTTP1Exchange {
    /// The stream events of an `sse` scope; `false` for the events `sendHTTP` handles (the
    /// decline response and `http.fullflush`).
    func sendSSE(_ event: OutboundEvent) async throws -> Bool {
        switch event {
        case .sseStart(let start):
            var headers = start.headers
            if !headers.contains(.contentType) { headers.append(.contentType, "text/event-stream") }
            if !headers.contains(.cacheControl) { headers.append(.cacheControl, "no-cache") }
            let framing: ResponseFraming = self.head.version == .http1_1 ? .chunked : .untilClose
            let head = self.serializer.head(status: start.status, headers: headers, framing: framing, keepAlive: false)
            self.state.withLock { state in
                state.framing = framing
                state.status = start.status.code
                state.responseHeaders = headers
            }
            self.connection.markResponseStarted()
            await self.write([.byteBuffer(head)])
        case .sseSend(let message):
            var bytes = ByteBuffer()
            SSEEncoding.write(message, into: &bytes)
            await self.writeStreamBytes(bytes)
        case .sseComment(let comment):
            var bytes = ByteBuffer()
            SSEEncoding.writeComment(comment, into: &bytes)
            await self.writeStreamBytes(bytes)
        case .sseKeepalive(let interval, let comment):
            self.startKeepalive(every: interval, comment: comment)
        case .sseClose:
            await self.endStream()
        default:
            return false
        }
        return true
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

    /// Sends `comment` whenever the stream has been idle for `interval` (zero stops it); the
    /// latest settings replace earlier ones.
    private func startKeepalive(every interval: Duration, comment: String) {
        var line = ByteBuffer()
        SSEEncoding.writeComment(comment, into: &line)
        let task: Task<Void, Never>? = interval > .zero ? Task { [line] in
            var checked = ContinuousClock.now
            while !Task.isCancelled {
                let lastWrite = self.state.withLock { $0.lastWrite }
                try? await Task.sleep(until: max(lastWrite, checked).advanced(by: interval))
                checked = .now
                await self.sendGate.withGate {
                    let due = self.state.withLock { state in
                        state.framing != nil && !state.complete && state.ended == nil
                            && state.lastWrite.advanced(by: interval) <= .now
                    }
                    if due && !Task.isCancelled { await self.writeStreamBytes(line) }
                }
                if self.state.withLock({ $0.complete || $0.ended != nil }) { return }
            }
        } : nil
        self.state.withLock { state in
            state.keepalive?.cancel()
            state.keepalive = task
        }
    }
}
