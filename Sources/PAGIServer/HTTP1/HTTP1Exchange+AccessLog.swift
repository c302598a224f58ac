import NIOCore
import PAGI
import PAGIAccessLog

extension HTTP1Exchange {
    /// The access log entry for this request, once it is finished.
    func accessLogEntry(client: NetworkAddress?) -> AccessLogEntry {
        let state = self.state.withLock { $0 }
        return AccessLogEntry(
            client: client?.host,
            method: self.head.method.rawValue,
            path: String(buffer: self.head.rawPath),
            query: String(buffer: self.head.query),
            httpProtocol: self.head.version == .http1_0 ? "HTTP/1.0" : "HTTP/1.1",
            status: state.status ?? 0,
            bodyBytes: state.bodyBytes,
            duration: self.started.duration(to: .now),
            time: self.arrival,
            requestHeaders: self.head.headers,
            responseHeaders: state.responseHeaders
        )
    }
}
