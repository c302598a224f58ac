#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// What one request leaves behind (temporary files of uploads and streamed bodies), released
/// once its response has been sent, whether the handler succeeded or not.
final class RequestResources: Sendable {
    private let temporaryFiles = Mutex<[String]>([])

    /// Deletes the file at `path` when the request ends (unless it has been moved away).
    func removeWhenDone(_ path: String) {
        self.temporaryFiles.withLock { $0.append(path) }
    }

    /// Keeps the file at `path` (it was moved away: its name may be reused).
    func forget(_ path: String) {
        self.temporaryFiles.withLock { $0.removeAll { $0 == path } }
    }

    /// Deletes the temporary files; a file already gone is fine.
    func release() {
        for path in self.temporaryFiles.withLock({ files in defer { files = [] }; return files }) {
            unlink(path)
        }
    }
}
