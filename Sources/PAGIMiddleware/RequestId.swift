public import PAGI

/// Gives every request an id: made here, or the client's (or proxy's) `X-Request-ID` when
/// trusted. The id is in the scope for the layers below (`request[.requestID]`, Simple's
/// `context.requestID`) and in the response's `X-Request-ID` header.
///
/// ```swift
/// MiddlewareStack {
///     RequestId(trustIncoming: true)   // behind a proxy that sets X-Request-ID
///     AccessLog()
/// }
/// ```
///
/// An incoming id is used only with `trustIncoming` (a client could otherwise choose the id
/// that appears in the logs) and only when it is a sane token: 1 to 128 letters, digits, `-`,
/// `_` and `.` (``isSane(_:)``). The default generator makes 32 random hex digits
/// (``makeID()``); a custom one gets the request and must return a valid header value (one
/// with a control character is replaced by a generated id).
///
/// An id already in the scope, from a `RequestId` further out, is kept.
///
/// It applies to `http`, `websocket` and `sse` scopes: the header goes on every response head
/// (an HTTP response, an event stream, a refusal) and on the WebSocket handshake response. A
/// header of that name that the application set stays as it is.
public struct RequestId: Middleware {
    /// The request and response header.
    public let header: HeaderName
    /// Whether a sane incoming id is used instead of a new one.
    public let trustIncoming: Bool
    let generator: @Sendable (RequestScope) -> String

    /// Ids in `header` (`x-request-id`), the incoming one when `trustIncoming`, otherwise
    /// made by `generator` (32 random hex digits by default).
    public init(
        header: HeaderName = "x-request-id",
        trustIncoming: Bool = false,
        generator: (@Sendable (RequestScope) -> String)? = nil
    ) {
        self.header = header
        self.trustIncoming = trustIncoming
        self.generator = generator ?? { _ in RequestId.makeID() }
    }

    public func wrap(_ app: @escaping Application) -> Application {
        let header = self.header
        let trustIncoming = self.trustIncoming
        let generator = self.generator
        return { scope, receive, send in
            guard var request = scope.request else { return try await app(scope, receive, send) }
            // An id from an outer layer (another RequestId, around a mounted stack) stays.
            var id = request[.requestID]
            if id == nil, trustIncoming { id = request.headers[header].flatMap { Self.isSane($0) ? $0 : nil } }
            if id == nil {
                let made = generator(request)
                id = made.utf8.contains(where: FieldRules.isForbiddenInHeaderValue) ? Self.makeID() : made
            }
            let value = ByteString(id!)
            request[.requestID] = id
            var inner = scope
            inner.request = request
            let headed = changingResponseHeads(send) { head in
                if !head.headers.contains(header) { head.headers.append(header, value) }
            }
            try await app(inner, receive) { event in
                guard case .websocketAccept(let subprotocol, var headers) = event, !headers.contains(header) else {
                    return try await headed(event)
                }
                headers.append(header, value)
                try await headed(.websocketAccept(subprotocol: subprotocol, headers: headers))
            }
        }
    }

    /// Whether `id` may be taken from a request: 1 to 128 letters, digits, `-`, `_` and `.`.
    public static func isSane(_ id: String) -> Bool {
        (1...128).contains(id.utf8.count) && id.utf8.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte | 0x20 >= 0x61 && byte | 0x20 <= 0x7A) || byte == 0x2D || byte == 0x5F || byte == 0x2E
        }
    }

    /// A new id: 128 random bits as 32 hex digits.
    public static func makeID() -> String {
        var generator = SystemRandomNumberGenerator()
        let high = String(generator.next() as UInt64, radix: 16)
        let low = String(generator.next() as UInt64, radix: 16)
        return String(repeating: "0", count: 16 - high.count) + high + String(repeating: "0", count: 16 - low.count) + low
    }
}

extension ScopeKey where Value == String {
    /// `pagi.request_id`: the request's id, set by ``RequestId`` for the layers below it.
    /// (Simple's `context.requestID` reads it, and makes one of its own when it is absent.)
    public static let requestID = ScopeKey("pagi.request_id")
}
