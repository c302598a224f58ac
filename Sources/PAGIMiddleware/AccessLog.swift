#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
public import Logging
public import PAGI
public import PAGIAccessLog

/// Logs one line per request once it is finished, through swift-log, in the formats of the
/// server's access log (`AccessLogFormat` from `PAGIAccessLog`: Apache-style atoms, or the presets
/// `clf`, `common`, `combined`, `tiny` and `json`).
///
/// ```swift
/// MiddlewareStack {
///     AccessLog(format: .tiny, skipPaths: ["/health/live", "/health/ready"])
/// }
/// ```
///
/// - The line is written when the application returns (for a WebSocket or an event stream:
///   when it closes), with the status, the body bytes and the duration from the call to the
///   return.
/// - The status is the response's; 101 for an accepted WebSocket and 403 for one closed
///   before it was accepted; 500 when the application threw (or returned) before answering,
///   which is what the server answers then. A thrown error is logged and thrown on.
/// - Bytes are HTTP body bytes: of the response, or of the response that refused a WebSocket
///   or declined an event stream; WebSocket messages and SSE events are not counted. A file
///   body counts with its `length` when it has one.
/// - The path is the `root_path` and raw path the middleware sees (the whole path when it is
///   outermost), the client the scope's client address.
///
/// Options (defaults):
/// - `format`: the line format (`.combined`, as PAGI's `AccessLog`; the server's own log
///   defaults to `.clf`).
/// - `output`: where lines go: `.logger` (a `Logger` labelled `pagi.access`, at `.info`, the
///   default), `.file` (standard error or a file, one `write` per line, as the server's own
///   log) or `.lines` (a function of your own: syslog, a metrics pipeline).
/// - `skipPaths`: paths (exact, as in `path`) that are not logged (none).
/// - `skip`: a predicate on the request; requests it accepts are not logged (none).
/// - `skipIf`: a predicate on the finished entry (its path, status, duration); entries it
///   accepts are not logged (none): `{ $0.status == 304 }`.
///
/// Differs from PAGI, which logs HTTP requests only: WebSockets and event streams get a line
/// too, as in the server's own access log.
public struct AccessLog: Middleware {
    /// Where the lines go.
    public enum Output: Sendable {
        /// Through swift-log, at `level`.
        case logger(Logger, level: Logger.Level = .info)
        /// Standard error or a file: `.file(.standardError)`, `.file(try AccessLogFile(path: "access.log"))`.
        case file(AccessLogFile)
        /// Each line (without a newline) to a function of your own.
        case lines(@Sendable (String) -> Void)
    }

    let format: AccessLogFormat
    let output: Output
    let skipPaths: Set<String>
    let skip: (@Sendable (RequestScope) -> Bool)?
    let skipIf: (@Sendable (AccessLogEntry) -> Bool)?

    public init(
        format: AccessLogFormat = .combined,
        output: Output,
        skipPaths: Set<String> = [],
        skip: (@Sendable (RequestScope) -> Bool)? = nil,
        skipIf: (@Sendable (AccessLogEntry) -> Bool)? = nil
    ) {
        self.format = format
        self.output = output
        self.skipPaths = skipPaths
        self.skip = skip
        self.skipIf = skipIf
    }

    /// Lines through `logger` at `level`.
    public init(
        format: AccessLogFormat = .combined,
        logger: Logger = Logger(label: "pagi.access"),
        level: Logger.Level = .info,
        skipPaths: Set<String> = [],
        skip: (@Sendable (RequestScope) -> Bool)? = nil,
        skipIf: (@Sendable (AccessLogEntry) -> Bool)? = nil
    ) {
        self.init(format: format, output: .logger(logger, level: level), skipPaths: skipPaths, skip: skip, skipIf: skipIf)
    }

    public func wrap(_ app: @escaping Application) -> Application {
        { scope, receive, send in
            guard let request = scope.request, !self.skipPaths.contains(request.path), self.skip?(request) != true else {
                return try await app(scope, receive, send)
            }
            let arrival = Int(time(nil))
            let started = ContinuousClock.now
            let progress = ResponseProgress()
            do {
                try await app(scope, receive, progress.send(through: send))
            } catch {
                self.log(request, progress, arrival: arrival, duration: started.duration(to: .now))
                throw error
            }
            self.log(request, progress, arrival: arrival, duration: started.duration(to: .now))
        }
    }

    private func log(_ request: RequestScope, _ progress: ResponseProgress, arrival: Int, duration: Duration) {
        let entry = AccessLogEntry(
            client: request.client?.host,
            method: request.method.rawValue,
            path: request.rootPath + request.rawPath.text,
            query: request.queryString.text,
            httpProtocol: "HTTP/\(request.httpVersion.rawValue)",
            status: progress.status ?? 500,
            bodyBytes: progress.bodyBytes,
            duration: duration,
            time: arrival,
            requestHeaders: request.headers,
            responseHeaders: progress.headers
        )
        if self.skipIf?(entry) == true { return }
        let line = self.format.line(for: entry)
        switch self.output {
        case .logger(let logger, let level): logger.log(level: level, "\(line)")
        case .file(let file): file.write(line: line)
        case .lines(let write): write(line)
        }
    }
}
