public import PAGI
public import PAGIAccessLog
public import PAGIMiddleware

extension SimpleApp {
    /// Logs one line per request (the library's ``PAGIMiddleware/AccessLog``), in the formats
    /// of the server's access log: `.combined` (the default, as Perl's `enable_logging`),
    /// `.common`, `.tiny`, `.json`, `.clf`, or Apache-style atoms
    /// (`try AccessLogFormat("%h %m %U %s %{ms}T")`).
    ///
    /// ```swift
    /// app.logRequests(skipPaths: ["/health", "/metrics"])
    /// app.logRequests(format: .tiny, to: .file(try AccessLogFile(path: "access.log")), skipIf: { $0.status == 304 })
    /// ```
    ///
    /// - `to`: standard error by default (plain lines, as Perl); `.logger(...)` through
    ///   swift-log, or `.lines { ... }` to a function of your own.
    /// - `skipPaths`: exact paths never logged; `skip`: a predicate on the request;
    ///   `skipIf`: a predicate on the finished entry (path, status, duration).
    ///
    /// Requests answered by mounted applications are logged too, with their whole path.
    public func logRequests(
        format: AccessLogFormat = .combined,
        to output: AccessLog.Output = .file(.standardError),
        skipPaths: Set<String> = [],
        skip: (@Sendable (RequestScope) -> Bool)? = nil,
        skipIf: (@Sendable (AccessLogEntry) -> Bool)? = nil
    ) {
        self.use(AccessLog(format: format, output: output, skipPaths: skipPaths, skip: skip, skipIf: skipIf))
    }
}
