#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import NIOCore

extension NIOFileHandle {
    /// Up to `length` bytes at `offset` (fewer at the end of the file). A file body's chunks
    /// are small and mostly in the page cache, so a plain `pread` is used.
    func readChunk(at offset: Int, length: Int) async throws -> ByteBuffer {
        var buffer = ByteBuffer()
        try self.withUnsafeFileDescriptor { descriptor in
            _ = try buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: length) { pointer in
                let count = pread(descriptor, pointer.baseAddress, length, off_t(offset))
                guard count >= 0 else { throw IOError(errnoCode: errno, reason: "pread") }
                return count
            }
        }
        return buffer
    }
}
