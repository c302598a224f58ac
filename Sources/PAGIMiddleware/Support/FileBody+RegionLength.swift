#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import PAGI

extension FileBody {
    /// How many bytes a server sends for this body, found as a server finds it: the size of
    /// the regular file (`stat`), less `offset`, at most `length`. `nil` when the file cannot
    /// be examined or is not a regular file (then `send` fails at the server too).
    ///
    /// One `stat` call, on the calling thread: quick on local disks.
    var regionLength: Int64? {
        var info = stat()
        switch self.source {
        case .path(let path):
            guard stat(path, &info) == 0 else { return nil }
        case .descriptor(let descriptor):
            guard fstat(descriptor, &info) == 0 else { return nil }
        }
        guard (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        let size = Int64(info.st_size)
        let start = min(max(self.offset, 0), size)
        return min(self.length.map { start + max($0, 0) } ?? size, size) - start
    }
}
