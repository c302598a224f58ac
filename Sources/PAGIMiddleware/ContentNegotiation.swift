import NIOCore
public import PAGI

extension ScopeKey where Value == String {
    /// `pagi.preferred_content_type`: the media type ``ContentNegotiation`` chose.
    public static let preferredContentType = ScopeKey("pagi.preferred_content_type")
}

extension ScopeKey where Value == AcceptHeader {
    /// `pagi.accepted_types`: the request's parsed `Accept` (``ContentNegotiation``).
    public static let acceptedTypes = ScopeKey("pagi.accepted_types")
}

/// Chooses, once per request, which of the types the application can produce the client
/// prefers (by `Accept`, RFC 9110 §12.5.1), and tells the application through the scope:
/// `request[.preferredContentType]` (a full media type) and `request[.acceptedTypes]` (the
/// parsed `Accept`). Responses get `Vary: Accept`.
///
/// - `supportedTypes`: what the application produces, full types or short names (`json`,
///   `html`...), in its order of preference (required, not empty).
/// - `defaultType`: the choice when the client accepts none of them (the first supported).
/// - `strict`: answer 406 Not Acceptable (listing the supported types) instead of falling
///   back to the default (`false`).
///
/// `http` and `sse` scopes are negotiated; others pass through.
public struct ContentNegotiation: Middleware {
    let supportedTypes: [String]
    let defaultType: String
    let strict: Bool

    public init(supportedTypes: [String], defaultType: String? = nil, strict: Bool = false) {
        precondition(!supportedTypes.isEmpty, "ContentNegotiation needs at least one supported type")
        self.supportedTypes = supportedTypes.map(AcceptHeader.mediaType)
        self.defaultType = AcceptHeader.mediaType(defaultType ?? supportedTypes[0])
        self.strict = strict
    }

    public func wrap(_ app: @escaping Application) -> Application {
        let supported = self.supportedTypes
        let fallback = self.defaultType
        let strict = self.strict
        return { scope, receive, send in
            guard var request = scope.request, scope.type == .http || scope.type == .sse else {
                return try await app(scope, receive, send)
            }
            let accept = AcceptHeader(request.headers)
            let chosen = accept.preferred(among: supported)
            if chosen == nil && strict {
                let body = ByteBuffer(string: "Not Acceptable. Supported: \(supported.joined(separator: ", "))")
                let headers: Headers = ["content-type": "text/plain; charset=utf-8", "content-length": ByteString(String(body.readableBytes)), "vary": "Accept"]
                if case .sse = scope {
                    try await send(.sseHTTPResponseStart(ResponseStart(status: .notAcceptable, headers: headers)))
                    return try await send(.sseHTTPResponseBody(body))
                }
                try await send(.httpResponseStart(status: .notAcceptable, headers: headers))
                return try await send(.httpResponseBody(body))
            }
            request[.preferredContentType] = chosen ?? fallback
            request[.acceptedTypes] = accept
            var inner = scope
            inner.request = request
            try await app(inner, receive, changingResponseHeads(send) { head in
                let varies = head.headers.values(for: .vary).flatMap { $0.split(separator: ",") }.map { $0.trimmingSpaces.lowercased() }
                if !varies.contains("accept") && !varies.contains("*") { head.headers.append(.vary, "Accept") }
            })
        }
    }
}
