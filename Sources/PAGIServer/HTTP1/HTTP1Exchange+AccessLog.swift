import NIOCore
import PAGI
import PAGIAccessLog

extension HTTP1Exchange {
    /// The access log entry for this request, once it is finished.
    func accessLogEntry(client: NetworkAddress?) -> AccessLogEntry {
        let state = self.state.withLock { $0 }
        return self.head.accessLogEntry(
            client: client,
            status: state.status ?? 0,
            bodyBytes: state.bodyBytes,
            started: self.started,
            arrival: self.arrival,
            responseHeaders: state.responseHeaders
        )
    }
}

extension RequestHead {
    /// The access log entry for this request and what it got.
    func accessLogEntry(
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
            httpProtocol: self.version == .http1_0 ? "HTTP/1.0" : "HTTP/1.1",
            status: status,
            bodyBytes: bodyBytes,
            duration: started.duration(to: .now),
            time: arrival,
            requestHeaders: self.headers,
            responseHeaders: responseHeaders
        )
    }
}
