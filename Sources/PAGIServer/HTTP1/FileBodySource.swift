#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
package import NIOCore
package import PAGI

/// Opens a file body as a `FileRegion`, which NIO sends with `sendfile` (no copy through
/// user space). A path is opened here; a descriptor the application owns is duplicated, so
/// that the application can close its own copy after `send` returns.
package enum FileBodySource {
    package static func open(_ file: FileBody) throws(PAGIError) -> FileRegion {
        let descriptor: Int32
        switch file.source {
        case .path(let path):
            descriptor = openReadOnly(path)
            guard descriptor >= 0 else {
                throw PAGIError(.invalidEvent, "Cannot open file \(String(reflecting: path)): \(String(cString: strerror(errno)))")
            }
        case .descriptor(let owned):
            descriptor = dup(owned)
            guard descriptor >= 0 else {
                throw PAGIError(.invalidEvent, "Cannot use file descriptor \(owned): \(String(cString: strerror(errno)))")
            }
        }
        var info = stat()
        guard fstat(descriptor, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else {
            close(descriptor)
            throw PAGIError(.invalidEvent, "The file body is not a regular file")
        }
        let size = Int64(info.st_size)
        let start = min(file.offset, size)
        let end = min(file.length.map { start + $0 } ?? size, size)
        let handle = NIOFileHandle(_deprecatedTakingOwnershipOfDescriptor: descriptor)
        return FileRegion(fileHandle: handle, readerIndex: Int(start), endIndex: Int(end))
    }

    private static func openReadOnly(_ path: String) -> Int32 {
        #if canImport(Darwin)
        return Darwin.open(path, O_RDONLY | O_CLOEXEC)
        #elseif canImport(Musl)
        return Musl.open(path, O_RDONLY | O_CLOEXEC)
        #else
        return Glibc.open(path, O_RDONLY | O_CLOEXEC)
        #endif
    }
}
