import Crypto
public import PAGI

/// Tags `200` responses that have no `ETag` with one made from their body: the first 128 bits
/// of the body's SHA-256, in hex, quoted (`"3f0a…"`), or weak (`W/"3f0a…"`) with `weak: true`.
///
/// ```swift
/// MiddlewareStack {
///     ConditionalGet()   // outside: compares the tag with If-None-Match
///     ETag()
/// }
/// ```
///
/// **It buffers.** The head waits for the body. A body sent as one event (`more: false` on
/// the first body event) is tagged at no further cost. A body streamed in pieces is held only
/// up to ``bufferLimit`` bytes (none by default: a streamed response is usually streamed on
/// purpose, and holding it would delay it); one that grows past the limit, or whose
/// application sends `http.fullflush`, goes out untagged as it comes.
///
/// Left alone: responses with an `ETag`, statuses other than 200, file bodies (a static-file
/// middleware tags them from the file's size and time, without reading it), responses that
/// promise trailers, responses marked `Cache-Control: no-store` (nothing will revalidate
/// them), `HEAD` requests (their body is empty: put ``Head`` outside to get the GET
/// response's tag), and scopes other than `http`.
///
/// A strong tag says the bytes are identical; use `weak: true` when a later layer may change
/// the bytes but not the meaning (compression outside this middleware changes the bytes: put
/// it inside, or use weak tags).
public struct ETag: Middleware {
    /// Whether the tags are weak (`W/"…"`).
    public let weak: Bool
    /// How many bytes of a streamed body are held, at most, to tag it.
    public let bufferLimit: Int

    /// Tags from body hashes; streamed bodies of at most `bufferLimit` bytes are tagged too.
    public init(weak: Bool = false, bufferLimit: Int = 0) {
        self.weak = weak
        self.bufferLimit = max(0, bufferLimit)
    }

    public func wrap(_ app: @escaping Application) -> Application {
        let weak = self.weak
        let limit = self.bufferLimit
        return HeldResponse.wrapping(
            app,
            limit: limit,
            hold: Self.needsTag,
            complete: { _ in { start, body in start.headers.append(.eTag, ByteString(Self.tag(for: body, weak: weak))) } }
        )
    }

    /// The tag of `body`: `"<hex>"` or `W/"<hex>"`, the hex the first 16 bytes of its SHA-256.
    public static func tag(for body: ByteBuffer, weak: Bool = false) -> String {
        var hash = SHA256()
        body.withUnsafeReadableBytes { hash.update(bufferPointer: $0) }
        let hex = Array("0123456789abcdef".utf8)
        var tag: [UInt8] = weak ? Array(#"W/""#.utf8) : [UInt8(ascii: "\"")]
        for byte in hash.finalize().prefix(16) {
            tag.append(hex[Int(byte >> 4)])
            tag.append(hex[Int(byte & 0xF)])
        }
        tag.append(UInt8(ascii: "\""))
        return String(decoding: tag, as: UTF8.self)
    }

    /// Whether a response with this head may be tagged here.
    static func needsTag(_ start: ResponseStart) -> Bool {
        start.status.code == 200 && !start.trailers && !start.headers.contains(.eTag)
            && !start.headers.values(for: .cacheControl).contains { $0.lowercased().contains("no-store") }
    }
}
