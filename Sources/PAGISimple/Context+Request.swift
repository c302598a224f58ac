public import Logging
public import PAGI
import PAGIMiddleware

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
        guard let query = QueryParameters(strictlyDecoding: self.request.queryString) else {
            throw HTTPError(.badRequest, "The query string is not valid UTF-8")
        }
        return query
    }

    /// The query string's pairs as bytes, percent-decoded (`+` as a space) but not decoded as
    /// text: for values in another encoding, or binary ones.
    public var rawQuery: [(name: [UInt8], value: [UInt8])] {
        QueryParameters.rawPairs(self.request.queryString)
    }

    /// The request's id. The one the `RequestId` middleware put in the scope
    /// (`request[.requestID]`) when it runs outside this application; otherwise the client's or
    /// proxy's `X-Request-ID` when it is a sane token (`RequestId.isSane`: 1 to 128
    /// letters, digits, `-`, `_`, `.`), or one made here (32 hex digits), kept in the stash
    /// under the same key, so that every layer of the request, mounted applications included,
    /// sees the same.
    public var requestID: String {
        if let id = self.request[.requestID] { return id }
        return self.stash.withLock { values in
            if let id = values[.requestID] { return id }
            let id = self.header("x-request-id").flatMap { RequestId.isSane($0) ? $0 : nil } ?? RequestId.makeID()
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
}
