#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Where access log lines are written: standard error or a file opened for appending. Each
/// line is one `write` to the descriptor, so lines from concurrent requests never interleave
/// (nor lines from several processes sharing the file). Used by the server's access log and by
/// the `AccessLog` middleware.
public final class AccessLogFile: Sendable {
    private let descriptor: Int32
    private let ownsDescriptor: Bool

    /// Standard error (descriptor 2).
    public static let standardError = AccessLogFile(descriptor: 2, owned: false)

    private init(descriptor: Int32, owned: Bool) {
        self.descriptor = descriptor
        self.ownsDescriptor = owned
    }

    /// The file at `path`, created (mode 0644) when missing, appended to. Throws when it
    /// cannot be opened.
    public convenience init(path: String) throws(AccessLogFileError) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw AccessLogFileError(description: "Cannot open the access log \(String(reflecting: path)): \(String(cString: strerror(errno)))")
        }
        self.init(descriptor: descriptor, owned: true)
    }

    /// Writes `line` and a newline.
    public func write(line: String) {
        var line = line
        line.append("\n")
        line.withUTF8 { bytes in _ = writeBytes(self.descriptor, bytes.baseAddress, bytes.count) }
    }

    deinit {
        if self.ownsDescriptor { close(self.descriptor) }
    }
}

/// `write(2)`, named apart from ``AccessLogFile/write(line:)``.
private func writeBytes(_ descriptor: Int32, _ bytes: UnsafeRawPointer?, _ count: Int) -> Int {
    write(descriptor, bytes, count)
}

/// The access log file cannot be opened.
public struct AccessLogFileError: Error, CustomStringConvertible, Sendable {
    public let description: String
}
