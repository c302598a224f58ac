import NIOCore
import NIOFileSystem

/// An upload's bytes as they arrive: in memory up to a threshold, then all of them in a
/// temporary file.
///
/// Once spilled it holds an open file handle, which must be closed by ``finish()`` or
/// ``abandon()`` (SwiftNIO traps on a handle dropped open).
struct UploadSpool {
    private var memory = ByteBuffer()
    private var file: (path: String, handle: WriteFileHandle, writer: BufferedWriter<WriteFileHandle>)?
    /// The bytes appended so far.
    private(set) var size = 0

    /// Appends `piece`, moving everything to a new temporary file (deleted when the request
    /// ends) as soon as the size goes over `threshold`.
    mutating func append(_ piece: ByteBuffer, threshold: Int, resources: RequestResources) async throws {
        self.size += piece.readableBytes
        if self.file == nil {
            guard self.size > threshold else {
                self.memory.writeImmutableBuffer(piece)
                return
            }
            let (path, handle) = try await TemporaryFile.create(for: resources)
            self.file = (path, handle, handle.bufferedWriter())
            let held = self.memory
            self.memory = ByteBuffer()
            try await self.file!.writer.write(contentsOf: held)
        }
        try await self.file!.writer.write(contentsOf: piece)
    }

    /// Where the bytes are, once they are all there: the file is flushed and closed.
    mutating func finish() async throws -> Upload.Location {
        guard var file = self.file else { return .memory(self.memory) }
        self.file = nil
        do {
            try await file.writer.flush()
        } catch {
            try? await file.handle.close()
            throw error
        }
        try await file.handle.close()
        return .temporaryFile(file.path)
    }

    /// Closes the file, if any, after a failure (the request's end deletes it).
    mutating func abandon() async {
        guard let file = self.file else { return }
        self.file = nil
        try? await file.handle.close()
    }
}
