import NIOCore
import PAGI

/// The reading side of one connection: bytes from the socket, cut into request heads and
/// bodies. Between requests the connection task reads heads; during a request only the
/// scope's `receive` reads its body, one caller at a time (`gate`).
///
/// `@unchecked Sendable`: the buffers are touched by one task at a time, which
/// the connection loop (sequential requests) and `gate` (concurrent `receive` calls) ensure.
final class ConnectionReader: @unchecked Sendable {
    /// Why reading stopped.
    enum ReadError: Error {
        /// The client closed the connection (or it failed) before the message was complete.
        case closed
    }

    private let pipe: ConnectionPipe
    private var buffer = ByteBuffer()
    private var parser: HTTP1HeadParser
    private var body: BodyDecoder?
    let gate = AsyncGate()
    let watchdog: ConnectionWatchdog

    init(pipe: ConnectionPipe, limits: HTTP1HeadParser.Limits, watchdog: ConnectionWatchdog) {
        self.pipe = pipe
        self.parser = HTTP1HeadParser(limits: limits)
        self.watchdog = watchdog
    }

    /// The next request head; `nil` when the client closed the connection between requests
    /// (or the keep-alive timeout closed it).
    func readHead() async throws -> RequestHead? {
        while true {
            if let head = try self.parser.parse(&self.buffer) {
                self.watchdog.enter(.working)
                return head
            }
            self.watchdog.enter(self.buffer.readableBytes == 0 ? .waitingForRequest : .readingHead)
            guard try await self.fill() else {
                if self.buffer.readableBytes == 0 { return nil }
                throw ReadError.closed
            }
        }
    }

    /// Whether bytes of a next request are already buffered (a pipelined request).
    var hasBufferedBytes: Bool { self.buffer.readableBytes > 0 }

    /// Starts reading a body with the given framing; throws 413 when its declared length is
    /// over the limit.
    func startBody(_ framing: BodyFraming, maxSize: Int?) throws(HTTP1Error) {
        self.body = try BodyDecoder(framing: framing, maxSize: maxSize)
    }

    /// Whether the body has been read to its end.
    var isBodyComplete: Bool { self.body?.isDone ?? true }

    /// The next non-empty piece of the body and whether more follows; an empty final piece
    /// when the body is empty or ended with framing only. Throws `HTTP1Error` for a
    /// malformed or oversized body and `ReadError.closed` when the client left.
    func nextBodyPiece() async throws -> (ByteBuffer, more: Bool) {
        guard var decoder = self.body else { return (ByteBuffer(), false) }
        defer { self.body = decoder }
        while true {
            if decoder.isDone { return (ByteBuffer(), false) }
            if let piece = try decoder.next(from: &self.buffer) {
                if piece.readableBytes > 0 || decoder.isDone {
                    return (piece, !decoder.isDone)
                }
                continue
            }
            self.watchdog.enter(.readingBody)
            defer { self.watchdog.enter(.working) }
            guard try await self.fill() else { throw ReadError.closed }
        }
    }

    /// Reads and drops the rest of the body, up to `limit` bytes; `true` when the body ended
    /// within it (so the connection can serve another request).
    func discardBody(limit: Int) async -> Bool {
        var discarded = 0
        do {
            while !self.isBodyComplete {
                let (piece, _) = try await self.nextBodyPiece()
                discarded += piece.readableBytes
                if discarded > limit { return false }
            }
            return true
        } catch {
            return false
        }
    }

    /// The next value `parse` cuts from the front of the connection's bytes, reading more
    /// while it needs them; `nil` at the end of the stream. (After an upgrade, the new
    /// protocol reads the connection this way.)
    func next<Value>(_ parse: (inout ByteBuffer) throws -> Value?) async throws -> Value? {
        while true {
            if let value = try parse(&self.buffer) { return value }
            guard try await self.fill() else { return nil }
        }
    }

    /// Reads more bytes from the socket into the buffer; `false` at the end of the stream.
    private func fill() async throws -> Bool {
        guard var next = try await self.pipe.read() else { return false }
        if self.buffer.readableBytes == 0 {
            self.buffer = next
        } else if self.buffer.writableBytes >= next.readableBytes {
            self.buffer.writeBuffer(&next)
        } else {
            // A fresh buffer for the leftover and the new bytes, rather than growing this one:
            // on a long connection the consumed bytes before the leftover would pile up.
            var merged = ByteBuffer()
            merged.reserveCapacity(self.buffer.readableBytes + next.readableBytes)
            merged.writeBuffer(&self.buffer)
            merged.writeBuffer(&next)
            self.buffer = merged
        }
        return true
    }
}
