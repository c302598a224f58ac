public import NIOCore
import NIOFileSystem
import PAGI
import Synchronization

/// The request body as it arrives, piece by piece, without holding the whole of it: from
/// ``Context/bodyStream(limit:)``.
///
/// ```swift
/// app.post("/ingest") { context in
///     let body = try context.bodyStream(limit: 100 << 20)
///     for try await piece in body { try await sink.write(piece) }
///     return .text("\(body.bytesRead) bytes")
/// }
/// ```
///
/// The body can be read only once: iterate the stream once, or use ``text(strict:)`` or
/// ``write(toFile:append:)``. A client that leaves in the middle ends the iteration with
/// `PAGIError.clientDisconnected`; a body over the limit with a 413 ``HTTPError``.
public final class BodyStream: AsyncSequence, Sendable {
    /// A piece of the body.
    public typealias Element = ByteBuffer

    private struct State {
        var bytesRead = 0
        var finished = false
    }

    private let receive: Receive
    private let limit: BodyLimit?
    private let state = Mutex(State())

    init(receive: @escaping Receive, limit: BodyLimit?) {
        self.receive = receive
        self.limit = limit
    }

    /// The number of body bytes received so far.
    public var bytesRead: Int { self.state.withLock { $0.bytesRead } }

    /// Iterates the body's pieces (never an empty one).
    public struct AsyncIterator: AsyncIteratorProtocol {
        let stream: BodyStream

        /// The next piece of the body, or `nil` at its end.
        public mutating func next() async throws -> ByteBuffer? {
            try await self.stream.nextPiece()
        }
    }

    /// An iterator over the body's pieces; the body can be iterated only once.
    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(stream: self)
    }

    /// Writes the rest of the body to the file at `path` (created, or emptied first unless
    /// `append`), through SwiftNIO's file system off the cooperative thread pool.
    ///
    /// - Returns: the number of bytes written.
    @discardableResult
    public func write(toFile path: String, append: Bool = false) async throws -> Int {
        let options: OpenOptions.Write = append ? .modifyFile(createIfNecessary: true) : .newFile(replaceExisting: true)
        return try await FileSystem.shared.withFileHandle(forWritingAt: FilePath(path), options: options) { handle in
            let start = append ? try await handle.info().size : 0
            var writer = handle.bufferedWriter(startingAtAbsoluteOffset: start)
            var written = 0
            for try await piece in self {
                written += Int(try await writer.write(contentsOf: piece))
            }
            try await writer.flush()
            return written
        }
    }

    private func nextPiece() async throws -> ByteBuffer? {
        while !self.state.withLock({ $0.finished }) {
            switch try await self.receive() {
            case .httpRequest(let piece, let more):
                let total = self.state.withLock { state in
                    state.bytesRead += piece.readableBytes
                    state.finished = !more
                    return state.bytesRead
                }
                if let limit = self.limit, total > limit.bytes {
                    self.state.withLock { $0.finished = true }
                    throw limit.error
                }
                if piece.readableBytes > 0 { return piece }
            case .httpDisconnect:
                self.state.withLock { $0.finished = true }
                throw PAGIError.clientDisconnected
            default:
                continue
            }
        }
        return nil
    }
}

/// A limit on a body's size, with the error that names it.
struct BodyLimit: Sendable {
    let bytes: Int
    let error: HTTPError

    /// `bytes`, with a 413 saying "the request body is over" `what`.
    init(_ bytes: Int, named what: String? = nil) {
        self.bytes = bytes
        let described = what.map { "\($0) (\(bytes) bytes)" } ?? "\(bytes) bytes"
        self.error = HTTPError(.contentTooLarge, "The request body is over \(described)")
    }
}
