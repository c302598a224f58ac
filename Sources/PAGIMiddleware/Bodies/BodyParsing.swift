public import PAGI

extension ScopeKey where Value == JSONValue {
    /// `pagi.parsed_json`: the request's JSON body, parsed by ``JSONBody``.
    public static let parsedJSON = ScopeKey("pagi.parsed_json")
}

extension ScopeKey where Value == QueryParameters {
    /// `pagi.parsed_form`: the request's urlencoded form body, parsed by ``FormBody``.
    public static let parsedForm = ScopeKey("pagi.parsed_form")
}

extension ScopeKey where Value == ByteBuffer {
    /// `pagi.raw_body`: the body ``JSONBody`` or ``FormBody`` read, as it came.
    public static let rawBody = ScopeKey("pagi.raw_body")
}

/// What ``JSONBody`` and ``FormBody`` share: read the whole body of a matching request (up to
/// a size, 413 beyond it), parse it (400 when it does not parse), put the result in the scope,
/// and give the application the same body again. They need the whole body, so they hold it.
struct BodyParsing: Sendable {
    let maxSize: Int
    /// Whether a request's media type (lower-cased, without parameters) is one to parse.
    let accepts: @Sendable (String) -> Bool
    /// The body parsed into the scope, or the reason it is not acceptable (a 400).
    let parse: @Sendable (ByteBuffer, inout RequestScope) -> String?

    func wrap(_ app: @escaping Application) -> Application {
        { scope, receive, send in
            guard let request = scope.request, scope.type == .http || scope.type == .sse,
                  let type = request.headers[.contentType], self.accepts(Self.mediaType(type))
            else { return try await app(scope, receive, send) }
            let body: ByteBuffer
            let replay: Receive
            do {
                (body, replay) = try await readReplayableBody(scope, from: receive, limit: self.maxSize)
            } catch let error as PAGIError where error.code == .bodyTooLarge {
                return try await PlainTextAnswer.send(.contentTooLarge, "The request body is over \(self.maxSize) bytes", in: scope, to: send)
            }
            var inner = request
            if body.readableBytes > 0, let problem = self.parse(body, &inner) {
                return try await PlainTextAnswer.send(.badRequest, problem, in: scope, to: send)
            }
            inner[.rawBody] = body
            var innerScope = scope
            innerScope.request = inner
            try await app(innerScope, replay, send)
        }
    }

    /// `type` without parameters, lower-cased: `application/json`.
    static func mediaType(_ type: String) -> String {
        String(type.prefix { $0 != ";" }.filter { $0 != " " && $0 != "\t" }).lowercased()
    }
}
