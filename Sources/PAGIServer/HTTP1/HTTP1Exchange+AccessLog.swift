package import NIOCore
package import PAGI
package import PAGIAccessLog

extension HTTP1Exchange: AccessLoggedExchange {
    var loggedResponse: (status: Int, bodyBytes: Int, headers: Headers) {
        self.state.withLock { ($0.status ?? 0, $0.bodyBytes, $0.responseHeaders) }
    }
}

extension RequestHead {
    /// The access log entry for this request and what it got.
    package func accessLogEntry(
        client: NetworkAddress?,
        status: Int,
        bodyBytes: Int,
        started: ContinuousClock.Instant,
        arrival: Int,
        responseHeaders: Headers
    ) -> AccessLogEntry {
        AccessLogEntry(
            client: client?.host,
            method: self.method.rawValue,
            path: String(buffer: self.rawPath),
            query: String(buffer: self.query),
            httpProtocol: self.version == .http1_1 ? "HTTP/1.1" : self.version == .http1_0 ? "HTTP/1.0" : "HTTP/2.0",
            status: status,
            bodyBytes: bodyBytes,
            duration: started.duration(to: .now),
            time: arrival,
            requestHeaders: self.headers,
            responseHeaders: responseHeaders
        )
    }
}
