package import PAGI
package import PAGIAccessLog

/// A request the access log records once it is finished, on any protocol.
package protocol AccessLoggedExchange {
    var head: RequestHead { get }
    /// When the request arrived, for the duration.
    var started: ContinuousClock.Instant { get }
    /// When the request arrived, in seconds since the epoch, for the time stamp.
    var arrival: Int { get }
    /// What the response was: its status (0 when none was sent), body size and fields.
    var loggedResponse: (status: Int, bodyBytes: Int, headers: Headers) { get }
}

extension AccessLoggedExchange {
    /// The access log entry for this request, once it is finished.
    package func accessLogEntry(client: NetworkAddress?) -> AccessLogEntry {
        let response = self.loggedResponse
        return self.head.accessLogEntry(
            client: client,
            status: response.status,
            bodyBytes: response.bodyBytes,
            started: self.started,
            arrival: self.arrival,
            responseHeaders: response.headers
        )
    }
}
