import CompressNIO
import NIOCore
import PAGI
import Synchronization

extension GZip {
    /// One response on its way through ``GZip``: holds an eligible head back until the first
    /// body piece says whether to compress, then compresses each piece as it passes.
    final class ResponseEncoder: Sendable {
        private enum Phase {
            /// Nothing sent yet.
            case waiting
            /// An eligible head, held until the first piece decides.
            case holding(ResponseStart)
            /// The head went out compressed; the body follows through the compressor.
            case compressing(ZlibCompressor)
            /// Everything goes out as it is (also after the last compressed piece).
            case passing
        }

        private let settings: GZip
        private let coding: Coding?
        private let isHead: Bool
        private let phase = Mutex(Phase.waiting)

        init(_ settings: GZip, coding: Coding?, isHead: Bool) {
            self.settings = settings
            self.coding = coding
            self.isHead = isHead
        }

        /// `send`, with the response compressed on the way.
        func send(through send: @escaping Send) -> Send {
            { event in
                for event in try self.events(for: event) { try await send(event) }
            }
        }

        /// Once the application returned: sends the head it is still holding, when the
        /// application sent a head and no body (the server decides what that means).
        func finish(through send: Send) async throws {
            let held = self.phase.withLock { phase -> ResponseStart? in
                guard case .holding(let start) = phase else { return nil }
                phase = .passing
                return start
            }
            if let held { try await send(.httpResponseStart(GZip.varying(held))) }
        }

        /// What to send for `event`: nothing while the head is held, the head and a piece once
        /// decided, a compressed piece while compressing.
        private func events(for event: OutboundEvent) throws -> [OutboundEvent] {
            try self.phase.withLock { phase throws(any Error) -> [OutboundEvent] in
                switch (phase, event) {
                case (.waiting, .httpResponseStart(let start)):
                    guard self.settings.isEligible(start) else {
                        phase = .passing
                        return [event]
                    }
                    guard self.coding != nil else {
                        phase = .passing
                        return [.httpResponseStart(GZip.varying(start))]
                    }
                    phase = .holding(start)
                    return []
                case (.holding(let start), .httpResponseBody(let piece, let more)):
                    return try self.decide(start, first: piece, more: more, &phase)
                case (.holding(let start), .httpFullFlush):
                    phase = .compressing(try self.makeCompressor())
                    return [.httpResponseStart(self.compressedHead(start, length: nil)), event]
                case (.holding(let start), _):
                    // A file body: it goes out as it is.
                    phase = .passing
                    return [.httpResponseStart(GZip.varying(start)), event]
                case (.compressing(let compressor), .httpResponseBody(let piece, let more)):
                    if more && piece.readableBytes == 0 { return [] }
                    let body = try Self.deflate(piece, flush: more ? .sync : .finish, with: compressor)
                    if !more { phase = .passing }
                    return [.httpResponseBody(body, more: more)]
                case (.compressing, .httpResponseFile):
                    throw PAGIError(.invalidEvent, "GZip cannot compress a file body sent after compressed body pieces; send the file alone, or the body without GZip")
                default:
                    return [event]
                }
            }
        }

        /// The events for the first body piece of a held response: compressed when it is
        /// streamed (`more`) or large enough, else as they were.
        private func decide(_ start: ResponseStart, first piece: ByteBuffer, more: Bool, _ phase: inout Phase) throws -> [OutboundEvent] {
            if more {
                let compressor = try self.makeCompressor()
                phase = .compressing(compressor)
                let head = OutboundEvent.httpResponseStart(self.compressedHead(start, length: nil))
                guard piece.readableBytes > 0 else { return [head] }
                return [head, .httpResponseBody(try Self.deflate(piece, flush: .sync, with: compressor), more: true)]
            }
            phase = .passing
            if piece.readableBytes >= self.settings.minSize {
                let body = try Self.deflate(piece, flush: .finish, with: try self.makeCompressor())
                return [.httpResponseStart(self.compressedHead(start, length: body.readableBytes)), .httpResponseBody(body)]
            }
            if self.isHead, piece.readableBytes == 0, let length = self.settings.declaredLength(start), length >= self.settings.minSize {
                return [.httpResponseStart(self.compressedHead(start, length: nil)), .httpResponseBody(piece)]
            }
            return [.httpResponseStart(GZip.varying(start)), .httpResponseBody(piece)]
        }

        private func compressedHead(_ start: ResponseStart, length: Int?) -> ResponseStart {
            GZip.compressedHead(start, coding: self.coding ?? .gzip, length: length)
        }

        private func makeCompressor() throws -> ZlibCompressor {
            try ZlibCompressor(
                // HTTP's `deflate` coding is the zlib format (RFC 9110 §8.4.1.2), not raw deflate.
                algorithm: self.coding == .deflate ? .zlib : .gzip,
                configuration: ZlibConfiguration(windowSize: 15, compressionLevel: self.settings.level, memoryLevel: 8)
            )
        }

        /// `piece` through `compressor`, flushed so that the client can decode everything so far
        /// (`.sync`), or ending the stream (`.finish`).
        static func deflate(_ piece: ByteBuffer, flush: CompressNIOFlush, with compressor: ZlibCompressor) throws -> ByteBuffer {
            var input = piece
            // zlib needs an address even for no bytes.
            if input.readableBytes == 0 { input.reserveCapacity(1) }
            var output = ByteBuffer()
            output.reserveCapacity(compressor.maxSize(from: input))
            while true {
                do {
                    try compressor.deflate(from: &input, to: &output, flush: flush)
                    // zlib stopped with room to spare: everything is out.
                    if output.writableBytes > 0 { return output }
                } catch let error as CompressNIOError where error == .bufferOverflow {
                    // No room left, or (with room and no input left) nothing more to write.
                    if output.writableBytes > 0 && input.readableBytes == 0 { return output }
                }
                output.reserveCapacity(minimumWritableBytes: max(output.capacity, 1024))
            }
        }
    }
}
