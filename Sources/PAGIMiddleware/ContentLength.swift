public import PAGI

/// Adds `content-length` to HTTP responses that have none, by holding the response back
/// until its body is complete.
///
/// ```swift
/// MiddlewareStack {
///     ContentLength()                      // bodies streamed in pieces: up to 1 MiB buffered
///     ContentLength(autoChunked: true)     // streamed bodies go out chunked, as they come
/// }
/// ```
///
/// **It buffers.** The head waits for the body: a body sent as one event costs nothing more
/// (that event is the whole body), but a body streamed in pieces (`more: true`) is held in
/// memory until its last piece, up to ``bufferLimit`` bytes. A body that grows past the limit,
/// or whose application sends `http.fullflush`, goes out as it comes, without a length (the
/// server sends it chunked); so does every streamed body with `autoChunked: true` (Perl's
/// option: only bodies sent whole get a length, nothing is buffered).
///
/// A file body gets the length of its file region (a `stat` call) added to whatever was held
/// before it; when the file cannot be examined, no length.
///
/// Left alone: responses that already have `content-length` or name a `transfer-encoding`,
/// 1xx, 204 and 304 responses (they have no body), responses that promise trailers (trailers
/// need chunked framing), `HEAD` requests (their body is empty whatever the length of the
/// representation: put ``Head`` outside this middleware to get the GET response's length),
/// and every scope but `http`.
///
/// When the application fails after starting a response that is still held, nothing of it
/// goes out: the server answers 500, as for an application that failed before starting.
public struct ContentLength: Middleware {
    /// Whether bodies streamed in pieces pass through at once, without a length.
    public let autoChunked: Bool
    /// How many bytes of a streamed body are held, at most, waiting for its end.
    public let bufferLimit: Int

    /// Lengths for bodies sent whole and, unless `autoChunked`, for streamed bodies of at most
    /// `bufferLimit` bytes (1 MiB by default).
    public init(autoChunked: Bool = false, bufferLimit: Int = 1 << 20) {
        self.autoChunked = autoChunked
        self.bufferLimit = max(0, bufferLimit)
    }

    public func wrap(_ app: @escaping Application) -> Application {
        let limit = self.autoChunked ? 0 : self.bufferLimit
        return HeldResponse.wrapping(
            app,
            limit: limit,
            hold: Self.needsLength,
            complete: { _ in { start, body in start.headers.replace(.contentLength, with: ByteString(String(body.readableBytes))) } },
            file: { start, heldBytes, file in
                guard let length = file.regionLength else { return }
                start.headers.replace(.contentLength, with: ByteString(String(Int64(heldBytes) + length)))
            }
        )
    }

    /// Whether a response with this head may get a length from this middleware.
    static func needsLength(_ start: ResponseStart) -> Bool {
        let code = start.status.code
        return code >= 200 && code != 204 && code != 304 && !start.trailers
            && !start.headers.contains(.contentLength) && !start.headers.contains(.transferEncoding)
    }
}
