public import HTTPTypes
public import PAGIMiddleware

extension SimpleApp {
    /// Cross-origin requests for the whole application, mounts included: the library's
    /// ``PAGIMiddleware/CORS`` middleware, which answers preflight requests itself (204, or 403
    /// naming what was not allowed) and adds `Access-Control-Allow-Origin` (and `-Credentials`,
    /// `-Expose-Headers`) to the answers for allowed origins.
    ///
    /// ```swift
    /// app.cors(origins: .list(["https://app.example.com"]), exposedHeaders: ["X-Request-ID"], credentials: true)
    /// app.cors(origins: .matching { $0.hasSuffix(".example.com") })
    /// ```
    ///
    /// Defaults as Perl's `use_cors`: any origin, GET POST PUT DELETE PATCH OPTIONS, the
    /// request headers Content-Type, Authorization and X-Requested-With, nothing exposed, no
    /// credentials, preflight answers cached for a day. A route can answer differently with
    /// ``Response/cors(origin:credentials:exposedHeaders:)``.
    public func cors(
        origins: CORS.AllowedOrigins = .any,
        methods: [HTTPRequest.Method] = CORS.defaultMethods,
        headers: [String] = CORS.defaultHeaders,
        exposedHeaders: [String] = [],
        credentials: Bool = false,
        maxAge: Duration? = .seconds(86_400)
    ) {
        self.use(CORS(origins: origins, methods: methods, headers: headers, exposedHeaders: exposedHeaders, credentials: credentials, maxAge: maxAge))
    }
}

extension Response {
    /// This response answers cross-origin requests from `origin` (`"*"` for any) on its own,
    /// whatever the application's ``SimpleApp/cors(origins:methods:headers:exposedHeaders:credentials:maxAge:)``
    /// says: `Access-Control-Allow-Origin`, with `Vary: Origin` for one origin, and
    /// `Access-Control-Allow-Credentials` and `-Expose-Headers` when asked.
    public func cors(origin: String, credentials: Bool = false, exposedHeaders: [String] = []) -> Response {
        var response = self.header("access-control-allow-origin", origin)
        if origin != "*" { response = response.header("vary", "Origin") }
        if credentials { response = response.header("access-control-allow-credentials", "true") }
        if !exposedHeaders.isEmpty { response = response.header("access-control-expose-headers", exposedHeaders.joined(separator: ", ")) }
        return response
    }
}
