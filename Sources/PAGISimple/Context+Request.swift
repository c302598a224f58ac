public import Logging
public import PAGI

extension Context {
    /// The first value of the header field `name`, as text (invalid UTF-8 replaced).
    public func header(_ name: HeaderName) -> String? {
        self.headers.first(name)?.text
    }

    /// The client's address (`client` in the scope), when the server knows it.
    public var clientAddress: NetworkAddress? { self.request.client }

    /// Whether the request came over TLS (`https`, `wss`).
    public var isSecure: Bool { self.request.scheme == "https" || self.request.scheme == "wss" }

    /// The query string strictly decoded: 400 when a name or value is not UTF-8 once
    /// percent-decoded (``query`` replaces such bytes with U+FFFD instead).
    public func strictQuery() throws(HTTPError) -> QueryParameters {
        try QueryParameters(strict: self.request.queryString, what: "query string")
    }

    /// The query string's pairs as bytes, percent-decoded (`+` as a space) but not decoded as
    /// text: for values in another encoding, or binary ones.
    public var rawQuery: [(name: [UInt8], value: [UInt8])] {
        QueryParameters.rawPairs(self.request.queryString)
    }

    /// The request's id: the client's or proxy's `X-Request-ID` when it is a sane token (1 to
    /// 128 letters, digits, `-`, `_`, `.`), otherwise one made here (32 hex digits). Kept in the
    /// stash, so that every layer of the request, mounted applications included, sees the same.
    public var requestID: String {
        self.stash.withLock { values in
            if let id = values[.requestID] { return id }
            let id = self.header("x-request-id").flatMap { Self.isSaneRequestID($0) ? $0 : nil } ?? Self.makeRequestID()
            values[.requestID] = id
            return id
        }
    }

    /// The application's logger, with this request's id, method and path in its metadata.
    public var logger: Logger {
        var logger = self.appLogger
        logger[metadataKey: "request-id"] = "\(self.requestID)"
        logger[metadataKey: "method"] = "\(self.method.rawValue)"
        logger[metadataKey: "path"] = "\(self.path)"
        return logger
    }

    private static func isSaneRequestID(_ id: String) -> Bool {
        (1...128).contains(id.utf8.count) && id.utf8.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte | 0x20 >= 0x61 && byte | 0x20 <= 0x7A) || byte == 0x2D || byte == 0x5F || byte == 0x2E
        }
    }

    private static func makeRequestID() -> String {
        var generator = SystemRandomNumberGenerator()
        let high = String(generator.next() as UInt64, radix: 16)
        let low = String(generator.next() as UInt64, radix: 16)
        return String(repeating: "0", count: 16 - high.count) + high + String(repeating: "0", count: 16 - low.count) + low
    }
}

extension ScopeKey where Value == String {
    /// `pagi.request_id`: the request's id, in its stash (see ``Context/requestID``).
    public static let requestID = ScopeKey("pagi.request_id")
}
