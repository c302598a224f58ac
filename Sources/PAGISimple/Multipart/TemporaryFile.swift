import NIOFileSystem

/// Files for uploads too big for memory.
enum TemporaryFile {
    /// Creates an empty file in the temporary directory (`TMPDIR`, else `/tmp`) as `mkstemp`
    /// does: an unguessable name, exclusive creation (never an existing file or link), mode
    /// 0600. It is deleted when the request ends unless it has been moved away.
    static func create(for resources: RequestResources) async throws -> (path: String, handle: WriteFileHandle) {
        let directory = try await FileSystem.shared.temporaryDirectory
        // Exclusive creation straight at the path; transactional creation would make the name
        // appear only when the file is closed.
        let options = OpenOptions.Write(existingFile: .none, newFile: .init(permissions: .ownerReadWrite, transactionalCreation: false))
        var attempt = 0
        while true {
            let path = directory.appending("pagi-upload-" + Self.randomName())
            do {
                let handle = try await FileSystem.shared.openFile(forWritingAt: path, options: options)
                resources.removeWhenDone(path.string)
                return (path.string, handle)
            } catch let error as FileSystemError where error.code == .fileAlreadyExists && attempt < 16 {
                attempt += 1
            }
        }
    }

    /// 128 random bits (from the system's secure generator) in hexadecimal.
    private static func randomName() -> String {
        (0..<2).map { _ in
            let hex = String(UInt64.random(in: .min ... .max), radix: 16)
            return String(repeating: "0", count: 16 - hex.count) + hex
        }.joined()
    }
}
