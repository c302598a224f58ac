public import PAGI

/// What an access log line can say about one request: who asked for what, and what they got.
public struct AccessLogEntry: Sendable {
    /// The client's address (`%h`).
    public var client: String?
    /// The request method (`%m`).
    public var method: String
    /// The raw path, as received (`%U`).
    public var path: String
    /// The raw query string, without `?` (`%q` adds it).
    public var query: String
    /// The protocol, `HTTP/1.1` (`%H`).
    public var httpProtocol: String
    /// The response status (`%s`); 0 when there was none.
    public var status: Int
    /// Response body bytes sent (`%b`, `%B`).
    public var bodyBytes: Int
    /// From the request's arrival to the end of its response.
    public var duration: Duration
    /// When the request arrived, in seconds since 1970 (`%t`).
    public var time: Int
    /// The request headers (`%{Name}i`).
    public var requestHeaders: Headers
    /// The response headers (`%{Name}o`).
    public var responseHeaders: Headers

    public init(
        client: String?,
        method: String,
        path: String,
        query: String,
        httpProtocol: String,
        status: Int,
        bodyBytes: Int,
        duration: Duration,
        time: Int,
        requestHeaders: Headers = [:],
        responseHeaders: Headers = [:]
    ) {
        self.client = client
        self.method = method
        self.path = path
        self.query = query
        self.httpProtocol = httpProtocol
        self.status = status
        self.bodyBytes = bodyBytes
        self.duration = duration
        self.time = time
        self.requestHeaders = requestHeaders
        self.responseHeaders = responseHeaders
    }
}
