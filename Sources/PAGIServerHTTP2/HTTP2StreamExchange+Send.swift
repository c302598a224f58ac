import NIOCore
import NIOHPACK
import NIOHTTP2
import NIOPosix
import PAGI
import PAGIServer

extension HTTP2StreamExchange {
    func admit(_ event: OutboundEvent) throws(PAGIError) -> (ended: Bool, file: FileRegion?) {
        try self.state.withLock { state throws(PAGIError) in
            (state.ended != nil, try state.validator.validateOpeningFile(event, ended: state.ended != nil))
        }
    }

    /// `http.*` events (also an SSE scope's decline response).
    func sendHTTP(_ event: OutboundEvent) async {
        switch event {
        case .httpResponseStart(let start), .sseHTTPResponseStart(let start):
            self.state.withLock { self.hold(start, in: &$0) }
            self.connection.markResponseStarted()
        case .httpResponseBody(let bytes, let more), .sseHTTPResponseBody(let bytes, let more):
            await self.writeBody(bytes, final: !more)
        case .httpResponseTrailers(let trailers):
            var frames = self.state.withLock { self.takePendingHead(&$0) }
            frames.append(.headers(.init(headers: ResponseFields.trailers(trailers), endStream: true)))
            await self.write(frames)
            self.completeResponse()
        case .httpFullFlush:
            // Frames are flushed as they are written; a head still held back goes out now.
            await self.write(self.state.withLock { self.takePendingHead(&$0) })
        default:
            break
        }
    }

    /// Writes one body event: the head first when it is still held back, then a DATA frame
    /// (none for HEAD and bodyless statuses); END_STREAM on the last frame when the body is
    /// final and no trailers are promised.
    func writeBody(_ bytes: ByteBuffer, final: Bool) async {
        let (frames, completes) = self.state.withLock { state in
            var frames = self.takePendingHead(&state)
            let completes = final && !state.trailersPromised
            if self.carriesBody(state), bytes.readableBytes > 0 {
                state.bodyBytes += bytes.readableBytes
                frames.append(.data(.init(data: .byteBuffer(bytes))))
            }
            if completes { Self.endStream(&frames) }
            return (frames, completes)
        }
        await self.write(frames)
        if completes { self.completeResponse() }
    }

    /// Sends a file body in DATA frames of at most 64 KiB, each read on NIO's thread pool as
    /// flow control lets the one before go (a file region cannot pass through HTTP/2's
    /// framing as it is), then closes it. A file that got shorter resets the stream.
    func sendFile(_ region: FileRegion) async throws {
        defer { try? region.fileHandle.close() }
        var offset = region.readerIndex
        let end = region.endIndex
        let chunk = 65_536
        repeat {
            let length = min(chunk, end - offset)
            var bytes = ByteBuffer()
            if length > 0 {
                let handle = region.fileHandle
                let start = offset
                bytes = try await NIOThreadPool.singleton.runIfActive { try handle.readChunk(at: start, length: length) }
                offset += bytes.readableBytes
            }
            await self.writeBody(bytes, final: offset >= end)
            if self.state.withLock({ $0.ended != nil }) { return }
        } while offset < end
    }

    /// The held-back head as a HEADERS frame; empty when it is on the wire (or there is none).
    func takePendingHead(_ state: inout State) -> [HTTP2Frame.FramePayload] {
        guard let start = state.pendingStart else { return [] }
        state.pendingStart = nil
        state.headSent = true
        let block = self.fields.head(status: start.status, headers: start.headers, bodyless: Self.isBodyless(start.status.code))
        return [.headers(.init(headers: block))]
    }

    /// Whether the response carries body bytes: not for HEAD, 1xx, 204 or 304.
    func carriesBody(_ state: State) -> Bool {
        self.head.method != .head && !Self.isBodyless(state.status ?? 200)
    }

    static func isBodyless(_ code: Int) -> Bool { code < 200 || code == 204 || code == 304 }

    /// Sets END_STREAM on the last frame, or adds an empty DATA frame that carries it.
    static func endStream(_ frames: inout [HTTP2Frame.FramePayload]) {
        switch frames.last {
        case .headers(var headers)?:
            headers.endStream = true
            frames[frames.count - 1] = .headers(headers)
        case .data(var data)?:
            data.endStream = true
            frames[frames.count - 1] = .data(data)
        default:
            frames.append(.data(.init(data: .byteBuffer(ByteBuffer()), endStream: true)))
        }
    }
}
