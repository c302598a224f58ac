import NIOCore
import PAGI

extension HTTP1Exchange {
    func admit(_ event: OutboundEvent) throws(PAGIError) -> (ended: Bool, file: FileRegion?) {
        try self.state.withLock { state throws(PAGIError) in
            (state.ended != nil, try state.validator.validateOpeningFile(event, ended: state.ended != nil))
        }
    }

    /// A file body, sent with `sendfile`; the file is closed once the socket has taken it.
    func sendFile(_ region: FileRegion) async throws {
        try await self.writeBody(.fileRegion(region), length: region.readableBytes, final: true)
        await self.waitUntilWritten()
        try? region.fileHandle.close()
    }

    /// `http.*` events (also an SSE scope's decline response, which is an ordinary response).
    func sendHTTP(_ event: OutboundEvent) async throws {
        switch event {
        case .httpResponseStart(let start), .sseHTTPResponseStart(let start):
            self.state.withLock { state in
                self.hold(start, in: &state)
                if start.headers.contains(where: { $0.name == .connection && HeaderList.contains($0.value, "close") }) {
                    state.applicationClosesConnection = true
                }
            }
            self.connection.markResponseStarted()
        case .httpResponseBody(let bytes, let more), .sseHTTPResponseBody(let bytes, let more):
            try await self.writeBody(.byteBuffer(bytes), length: bytes.readableBytes, final: !more)
        case .httpResponseTrailers(let trailers):
            let chunked = self.state.withLock { $0.framing == .chunked }
            await self.write(chunked ? [.byteBuffer(ResponseSerializer.lastChunk(trailers: trailers))] : [])
            self.completeResponse()
        case .httpFullFlush:
            // Writes are flushed as they are made; a start still held back goes out now.
            let head = self.state.withLock { self.takePendingHead(&$0, firstBodyLength: nil, final: false) }
            if let head { await self.write([.byteBuffer(head)]) }
        default:
            break
        }
    }

    /// Writes one body event: the head first when it is still held back (its framing chosen
    /// from this first body), then the bytes framed as the head says.
    private func writeBody(_ body: IOData, length: Int, final: Bool) async throws {
        let (parts, completes) = try self.state.withLock { state throws(PAGIError) -> ([IOData], Bool) in
            var parts: [IOData] = []
            if let head = self.takePendingHead(&state, firstBodyLength: length, final: final) {
                parts.append(.byteBuffer(head))
            }
            let completes = final && !state.trailersPromised
            if self.head.method != .head, state.framing != .noBody { state.bodyBytes += length }
            guard self.head.method != .head, length > 0 || state.framing == .chunked else { return (parts, completes) }
            switch state.framing {
            case .chunked?:
                if length > 0 {
                    parts += ResponseSerializer.chunk(body)
                }
                if completes { parts.append(.byteBuffer(ResponseSerializer.lastChunk())) }
            case .declaredLength?:
                let remaining = state.declaredRemaining ?? 0
                guard length <= remaining else {
                    state.applicationClosesConnection = true
                    throw PAGIError(.invalidEvent, "The body is longer than the content-length the application set (\(remaining) bytes left, \(length) sent)")
                }
                state.declaredRemaining = remaining - length
                parts.append(body)
            case .length?, .untilClose?:
                parts.append(body)
            case .noBody?, nil:
                break
            }
            return (parts, completes)
        }
        await self.write(parts)
        if completes { self.completeResponse() }
    }

    /// The held-back head, serialized with the framing this first body decides; `nil` when
    /// the head is already on the wire (or there is none).
    func takePendingHead(_ state: inout State, firstBodyLength: Int?, final: Bool) -> ByteBuffer? {
        guard let start = state.pendingStart else { return nil }
        state.pendingStart = nil
        let framing = self.framing(for: start, firstBodyLength: firstBodyLength, final: final)
        state.framing = framing
        if case .declaredLength(let length) = framing, self.head.method != .head { state.declaredRemaining = length }
        let keepAlive = self.keepsAlive(state, framing: framing)
        state.headKeptAlive = keepAlive
        return self.serializer.head(status: start.status, headers: start.headers, framing: framing, keepAlive: keepAlive)
    }

    /// Chooses the framing: none for 1xx/204/304; the application's `content-length`; chunked
    /// when trailers are promised; a computed length when the first body is also the last;
    /// otherwise chunked (HTTP/1.1) or until close (HTTP/1.0).
    private func framing(for start: ResponseStart, firstBodyLength: Int?, final: Bool) -> ResponseFraming {
        let code = start.status.code
        if code < 200 || code == 204 || code == 304 { return .noBody }
        let http11 = self.head.version == .http1_1
        if let declared = start.headers.first(.contentLength), let length = Int(declared.text), length >= 0 {
            return .declaredLength(length)
        }
        if start.trailers && http11 { return .chunked }
        if final, let firstBodyLength { return .length(firstBodyLength) }
        return http11 ? .chunked : .untilClose
    }

    /// Whether the connection stays open after this response.
    func keepsAlive(_ state: State, framing: ResponseFraming) -> Bool {
        self.head.keepAlive && !framing.closesConnection && !state.applicationClosesConnection && self.kind == .http
            && (state.headKeptAlive ?? !self.registry.isShuttingDown)
            // A client that expects 100-continue and never got it may never send its body:
            // the connection cannot be reused (the next bytes could be either).
            && !(self.head.expectsContinue && !state.continueSent && self.head.framing != .none && !state.finalPieceDelivered)
    }

    /// Marks the response complete: `receive` returns the disconnect event (reason `nil`).
    func completeResponse() {
        self.state.withLock { $0.complete = true }
        self.connection.markResponseComplete()
    }
}
