package import PAGIAccessLog

/// The server's access log: entries formatted and written to standard error or a file
/// (``AccessLogFile``: one `write` per line, so lines from several connections never
/// interleave).
package struct AccessLogWriter: Sendable {
    private let file: AccessLogFile
    let format: AccessLogFormat

    /// A writer for `destination`; `nil` when the log is off. Throws when the file cannot be opened.
    init?(_ destination: ServerConfiguration.AccessLog, format: AccessLogFormat) throws {
        self.format = format
        switch destination {
        case .off: return nil
        case .standardError: self.file = .standardError
        case .file(let path): self.file = try AccessLogFile(path: path)
        }
    }

    package func log(_ entry: AccessLogEntry) {
        self.file.write(line: self.format.line(for: entry))
    }
}
