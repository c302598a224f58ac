import NIOCore
import PAGI
import Synchronization

/// How far a request's body has been read. It comes off the wire only once: a body read whole
/// (or as a multipart form) is kept, so that later calls get it again, and a body taken as a
/// stream cannot be read a second time.
final class RequestBodyState: Sendable {
    enum Reading: Sendable {
        case unread
        /// Being read, or read, piece by piece: gone.
        case streamed
        case whole(ByteBuffer)
        case multipart(MultipartForm)
    }

    private let reading = Mutex(Reading.unread)

    /// The error for a second read of a body that was not kept: a mistake in the handler.
    static let alreadyRead = HTTPError(.internalServerError, "The request body was already read as a stream")

    var current: Reading { self.reading.withLock { $0 } }

    /// Takes the body off the wire for reading: `nil` when it is still there (it is now
    /// `streamed`), the bytes when it was read whole before; throws when it is gone.
    func claim() throws(HTTPError) -> ByteBuffer? {
        let outcome: Result<ByteBuffer?, HTTPError> = self.reading.withLock { state in
            switch state {
            case .unread:
                state = .streamed
                return .success(nil)
            case .whole(let body):
                return .success(body)
            case .streamed, .multipart:
                return .failure(Self.alreadyRead)
            }
        }
        return try outcome.get()
    }

    /// Keeps what was read, for later calls.
    func keep(_ reading: Reading) {
        self.reading.withLock { $0 = reading }
    }
}

/// A `receive` that delivers `body` as the whole request body, for a body read before.
func replaying(_ body: ByteBuffer) -> Receive {
    let pending = Mutex<ByteBuffer?>(body)
    return {
        .httpRequest(pending.withLock { piece in defer { piece = nil }; return piece } ?? ByteBuffer(), more: false)
    }
}
