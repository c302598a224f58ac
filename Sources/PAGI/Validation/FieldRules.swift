import HTTPTypes

/// The field checks the event validator applies: the byte safety of header fields, final
/// status codes, and SSE framing.
public enum FieldRules {
    /// Whether `byte` may not appear in a header value: a control character other than
    /// horizontal tab (CR, LF and NUL among them), or DEL.
    @inlinable
    public static func isForbiddenInHeaderValue(_ byte: UInt8) -> Bool {
        (byte < 0x20 && byte != 0x09) || byte == 0x7F
    }

    /// Throws unless every name is a token and no value holds a forbidden byte.
    public static func checkHeaders(_ headers: Headers, in event: String) throws(PAGIError) {
        for field in headers {
            guard field.name.isValidToken else {
                throw PAGIError.invalid(event, "header name \(String(reflecting: field.name.rawValue)) is not a valid token")
            }
            guard !field.value.containsByte(where: isForbiddenInHeaderValue) else {
                throw PAGIError.invalid(
                    event,
                    "header '\(field.name)' has a control character (such as CR, LF or NUL) in its value"
                )
            }
        }
    }

    /// Throws unless `start` is a valid final response head without trailers (or with them,
    /// when `allowTrailers`).
    static func checkResponseStart(_ start: ResponseStart, in event: String, allowTrailers: Bool) throws(PAGIError) {
        guard (200...599).contains(start.status.code) else {
            throw PAGIError.invalid(event, "status \(start.status.code) is not a final status (200 to 599)")
        }
        if start.trailers && !allowTrailers {
            throw PAGIError.invalid(event, "trailers are only available on http.response.start")
        }
        try checkHeaders(start.headers, in: event)
        // Checked in place: this runs for every response.
        var length: ByteString?
        for field in start.headers where field.name == .contentLength {
            guard length == nil else { throw PAGIError.invalid(event, "more than one content-length header") }
            length = field.value
        }
        if let length, length.isEmpty || length.count > 18 || length.containsByte(where: { $0 < 0x30 || $0 > 0x39 }) {
            throw PAGIError.invalid(event, "content-length \(String(reflecting: length.text)) is not a number of bytes")
        }
    }

    /// Throws when `text` contains CR or LF (or NUL, when `rejectNUL`).
    static func checkSingleLine(_ text: String, field: String, in event: String, rejectNUL: Bool = false) throws(PAGIError) {
        for byte in text.utf8 where byte == 0x0D || byte == 0x0A || (rejectNUL && byte == 0) {
            throw PAGIError.invalid(event, "'\(field)' must not contain \(byte == 0 ? "NUL" : "CR or LF")")
        }
    }

    /// Throws when `duration` is negative.
    static func checkNotNegative(_ duration: Duration, field: String, in event: String) throws(PAGIError) {
        if duration < .zero {
            throw PAGIError.invalid(event, "'\(field)' must not be negative")
        }
    }
}
