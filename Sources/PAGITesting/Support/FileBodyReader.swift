#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import NIOCore
import PAGI

/// Reads the bytes of a file body, as a server would send them, so that `send` can fail
/// when the file cannot be read (the spec requires it).
enum FileBodyReader {
    static func read(_ file: FileBody) throws -> ByteBuffer {
        switch file.source {
        case .path(let path):
            let descriptor = open(path, O_RDONLY)
            guard descriptor >= 0 else {
                throw PAGIError(.invalidEvent, "Cannot open file \(String(reflecting: path)): \(String(cString: strerror(errno)))")
            }
            defer { close(descriptor) }
            return try read(descriptor: descriptor, file: file)
        case .descriptor(let descriptor):
            return try read(descriptor: descriptor, file: file)
        }
    }

    private static func read(descriptor: Int32, file: FileBody) throws -> ByteBuffer {
        var info = stat()
        guard fstat(descriptor, &info) == 0 else {
            throw PAGIError(.invalidEvent, "Cannot read file descriptor \(descriptor): \(String(cString: strerror(errno)))")
        }
        let size = Int64(info.st_size)
        let start = min(file.offset, size)
        let count = Int(min(file.length ?? (size - start), size - start))
        var buffer = ByteBuffer()
        var done = 0
        while done < count {
            let read = buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: count - done) { pointer in
                pread(descriptor, pointer.baseAddress, count - done, off_t(start) + off_t(done))
            }
            guard read > 0 else {
                if read < 0 {
                    throw PAGIError(.invalidEvent, "Cannot read file descriptor \(descriptor): \(String(cString: strerror(errno)))")
                }
                break
            }
            done += read
        }
        return buffer
    }
}
