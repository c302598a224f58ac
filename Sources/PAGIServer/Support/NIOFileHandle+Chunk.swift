#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
package import NIOCore

extension NIOFileHandle {
    /// Up to `length` bytes of the file at `offset`, read with `pread` (it blocks: call it on
    /// a thread pool). Throws when the read fails or finds nothing (a file that got shorter
    /// while its body was being sent).
    package func readChunk(at offset: Int, length: Int) throws -> ByteBuffer {
        var buffer = ByteBufferAllocator().buffer(capacity: length)
        let count = try self.withUnsafeFileDescriptor { descriptor in
            buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: length) { pointer in
                max(0, pread(descriptor, pointer.baseAddress, length, off_t(offset)))
            }
        }
        guard count > 0 else { throw IOError(errnoCode: EIO, reason: "the file body ended early") }
        return buffer
    }
}
