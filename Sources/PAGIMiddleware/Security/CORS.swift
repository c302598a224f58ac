public import HTTPTypes
import NIOCore
public import PAGI

/// Cross-origin resource sharing: lets pages of other origins call this application from a
/// browser, within limits.
///
/// ```swift
/// CORS(origins: .list(["https://app.example.com"]), credentials: true, exposedHeaders: ["X-Total-Count"])
/// ```
///
/// - A preflight request (`OPTIONS` with `Origin` and `Access-Control-Request-Method`) is
///   answered here, without the application: 204 with `Access-Control-Allow-Origin`, `-Methods`,
///   `-Headers` and `-Max-Age` when the origin, the method and every requested header are
///   allowed. Otherwise 403 with no CORS fields and the reason in the body ("Disallowed CORS
///   origin, method"): the browser refuses either way; 403 (the refusal of a well-formed
///   request) tells a person reading the network log what happened, where Hummingbird answers
///   204 without the origin field and Starlette 400 with the same text.
/// - Any other request with an `Origin` goes to the application; when the origin is allowed,
///   the response head gets `Access-Control-Allow-Origin` (and `-Credentials`, `-Expose-Headers`).
///   A disallowed origin gets no CORS fields: the browser then keeps the response from the
///   page, while same-origin pages and non-browser clients are not affected. A response that
///   already has `Access-Control-Allow-Origin` (a route with its own CORS rules) is left as
///   it is.
/// - With `credentials`, the origin is never answered with `*`: the request's own origin is
///   echoed and `Vary: Origin` added (as whenever the answer depends on the origin). Under
///   `.any` with `credentials`, the origin `null` (sandboxed frames, local files) is refused.
///
/// Applies to `http` and `sse` scopes (an `EventSource` of another origin is a CORS request).
///
/// Options (Perl defaults):
/// - `origins`: ``AllowedOrigins``: `.any` (`*`), `.list([...])` or `.matching { origin in ... }`;
/// - `methods`: GET, POST, PUT, DELETE, PATCH, OPTIONS;
/// - `headers`: the request headers allowed: Content-Type, Authorization, X-Requested-With
///   (`["*"]` allows any; the CORS-safelisted ones are always allowed);
/// - `exposedHeaders`: the response headers scripts may read; none;
/// - `credentials`: allow cookies and `Authorization`; `false`;
/// - `maxAge`: how long browsers may cache a preflight answer; 86400 seconds (`nil`: no field).
public struct CORS: Middleware {
    /// The origins allowed.
    public enum AllowedOrigins: Sendable {
        /// Every origin.
        case any
        /// These origins (`https://app.example.com`: scheme, host and port, no path).
        case list([String])
        /// The origins the predicate accepts.
        case matching(@Sendable (String) -> Bool)

        func allows(_ origin: String, credentials: Bool) -> Bool {
            switch self {
            case .any: return !(credentials && origin == "null")
            case .list(let origins): return origins.contains(origin)
            case .matching(let predicate): return predicate(origin)
            }
        }
    }

    let origins: AllowedOrigins
    let methods: [HTTPRequest.Method]
    let headers: [String]
    let exposedHeaders: [String]
    let credentials: Bool
    let maxAge: Duration?

    public init(
        origins: AllowedOrigins = .any,
        methods: [HTTPRequest.Method] = CORS.defaultMethods,
        headers: [String] = CORS.defaultHeaders,
        exposedHeaders: [String] = [],
        credentials: Bool = false,
        maxAge: Duration? = .seconds(86_400)
    ) {
        self.origins = origins
        self.methods = methods
        self.headers = headers
        self.exposedHeaders = exposedHeaders
        self.credentials = credentials
        self.maxAge = maxAge
    }

    /// The methods allowed by default: GET, POST, PUT, DELETE, PATCH, OPTIONS.
    public static let defaultMethods: [HTTPRequest.Method] = [.get, .post, .put, .delete, .patch, .options]
    /// The request headers allowed by default: Content-Type, Authorization, X-Requested-With.
    public static let defaultHeaders = ["Content-Type", "Authorization", "X-Requested-With"]

    /// The request headers a browser may always send (the CORS-safelisted ones).
    private static let safelisted: Set<String> = ["accept", "accept-language", "content-language", "content-type"]

    public func wrap(_ app: @escaping Application) -> Application {
        let cors = self
        return { scope, receive, send in
            guard scope.type == .http || scope.type == .sse, let request = scope.request, let origin = request.headers["origin"] else {
                return try await app(scope, receive, send)
            }
            if case .http = scope, request.method == .options, let method = request.headers["access-control-request-method"] {
                return try await cors.answerPreflight(scope, request, origin: origin, method: method, send: send)
            }
            guard cors.origins.allows(origin, credentials: cors.credentials) else { return try await app(scope, receive, send) }
            try await app(scope, receive, changingResponseHeads(send) { start in
                // A route that answered CORS itself (Simple's `Response.cors`) keeps its answer.
                if start.headers.contains("access-control-allow-origin") { return }
                cors.addOriginFields(to: &start.headers, origin: origin)
                if !cors.exposedHeaders.isEmpty {
                    start.headers["access-control-expose-headers"] = cors.exposedHeaders.joined(separator: ", ")
                }
            })
        }
    }

    private func answerPreflight(_ scope: Scope, _ request: RequestScope, origin: String, method: String, send: Send) async throws {
        let requested = (request.headers["access-control-request-headers"] ?? "").split(separator: ",")
            .map { $0.filter { $0 != " " && $0 != "\t" }.lowercased() }.filter { !$0.isEmpty }
        let allowedHeaders = Set(self.headers.map { $0.lowercased() }).union(Self.safelisted)
        var failures: [String] = []
        if !self.origins.allows(origin, credentials: self.credentials) { failures.append("origin") }
        if !self.methods.contains(where: { $0.rawValue == method }) { failures.append("method") }
        if !self.headers.contains("*"), !requested.allSatisfy(allowedHeaders.contains) { failures.append("headers") }
        guard failures.isEmpty else {
            return try await refuse(scope, status: .forbidden, text: "Disallowed CORS " + failures.joined(separator: ", "), send: send)
        }
        var headers = Headers()
        self.addOriginFields(to: &headers, origin: origin)
        headers.append("access-control-allow-methods", ByteString(self.methods.map(\.rawValue).joined(separator: ", ")))
        let allowHeaders = self.headers.contains("*") ? requested.joined(separator: ", ") : self.headers.joined(separator: ", ")
        if !allowHeaders.isEmpty { headers.append("access-control-allow-headers", ByteString(allowHeaders)) }
        if let maxAge { headers.append("access-control-max-age", ByteString(String(maxAge.components.seconds))) }
        try await send(.httpResponseStart(ResponseStart(status: .noContent, headers: headers)))
        try await send(.httpResponseBody(ByteBuffer()))
    }

    /// `Access-Control-Allow-Origin` (`*`, or the origin echoed with `Vary: Origin`) and
    /// `Access-Control-Allow-Credentials`.
    private func addOriginFields(to headers: inout Headers, origin: String) {
        guard case .any = self.origins, !self.credentials else {
            headers.append("access-control-allow-origin", ByteString(origin))
            if self.credentials { headers.append("access-control-allow-credentials", "true") }
            let vary = headers["vary"] ?? ""
            if !vary.lowercased().contains("origin") { headers["vary"] = vary.isEmpty ? "Origin" : vary + ", Origin" }
            return
        }
        headers.append("access-control-allow-origin", "*")
    }
}
