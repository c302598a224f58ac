#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import PAGIAccessLog

/// Writes access log lines to standard error or a file. Each line is one `write` to a
/// descriptor opened for appending, so lines from several connections never interleave.
final class AccessLogWriter: Sendable {
    private let descriptor: Int32
    private let ownsDescriptor: Bool
    let format: AccessLogFormat

    /// A writer for `destination`; `nil` when the log is off. Throws when the file cannot be opened.
    init?(_ destination: ServerConfiguration.AccessLog, format: AccessLogFormat) throws {
        self.format = format
        switch destination {
        case .off:
            return nil
        case .standardError:
            self.descriptor = 2
            self.ownsDescriptor = false
        case .file(let path):
            let descriptor = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
            guard descriptor >= 0 else {
                throw AccessLogFileError(description: "Cannot open the access log \(String(reflecting: path)): \(String(cString: strerror(errno)))")
            }
            self.descriptor = descriptor
            self.ownsDescriptor = true
        }
    }

    func log(_ entry: AccessLogEntry) {
        var line = self.format.line(for: entry)
        line.append("\n")
        line.withUTF8 { bytes in _ = write(self.descriptor, bytes.baseAddress, bytes.count) }
    }

    deinit {
        if self.ownsDescriptor { close(self.descriptor) }
    }
}

/// The access log file cannot be opened.
public struct AccessLogFileError: Error, CustomStringConvertible, Sendable {
    public let description: String
}
