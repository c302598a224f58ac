#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import NIOPosix

/// What the file system says about a file about to be served: its size and modification time.
public struct FileFacts: Sendable, Equatable {
    public var size: Int64
    public var modifiedSeconds: Int
    public var modifiedNanoseconds: Int

    public init(size: Int64, modifiedSeconds: Int, modifiedNanoseconds: Int = 0) {
        self.size = size
        self.modifiedSeconds = modifiedSeconds
        self.modifiedNanoseconds = modifiedNanoseconds
    }

    /// A strong validator that changes whenever the file is rewritten: size and modification
    /// time, in hex (`"1f4-6561d2a01c9c3800"`).
    public var etag: String {
        "\"\(String(self.size, radix: 16))-\(String(self.modifiedSeconds, radix: 16))\(String(self.modifiedNanoseconds, radix: 16))\""
    }

    /// `stat(2)` of `path` (following links) on NIO's thread pool, so that a slow disk never
    /// blocks a task thread; `nil` unless it is a regular file.
    public static func of(_ path: String) async throws -> FileFacts? {
        try await NIOThreadPool.singleton.runIfActive {
            var info = stat()
            guard stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
            #if canImport(Darwin)
            let modified = info.st_mtimespec
            #else
            let modified = info.st_mtim
            #endif
            return FileFacts(size: Int64(info.st_size), modifiedSeconds: Int(modified.tv_sec), modifiedNanoseconds: Int(modified.tv_nsec))
        }
    }
}
