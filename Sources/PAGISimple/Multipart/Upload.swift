public import NIOCore
import NIOFileSystem
public import PAGI
import Synchronization

/// A file uploaded in a `multipart/form-data` body: from ``MultipartForm``.
///
/// ```swift
/// let avatar = try form.requiredUpload("avatar")
/// guard avatar.contentType.hasPrefix("image/") else { try abort(.unsupportedMediaType) }
/// try await avatar.move(to: "/srv/avatars/\(UUID())")
/// ```
///
/// A small upload stays in memory; one bigger than ``MultipartLimits/memoryThreshold`` is in
/// a temporary file, deleted when the request ends unless it was moved away. `filename` and
/// `contentType` are what the client claims: never trust them for a path or a security
/// decision.
public final class Upload: Sendable {
    /// Where the bytes are.
    enum Location: Sendable {
        case memory(ByteBuffer)
        /// A temporary file, deleted when the request ends.
        case temporaryFile(String)
        /// A file ``move(to:)`` put them in.
        case file(String)
    }

    /// The form field's name.
    public let name: String
    /// The file name as the client sent it (possibly a path, possibly anything).
    public let filename: String
    /// The part's `Content-Type` (`application/octet-stream` when it has none).
    public let contentType: String
    /// The part's header fields.
    public let headers: Headers
    /// The number of bytes.
    public let size: Int
    private let location: Mutex<Location>
    private let resources: RequestResources?

    init(head: MultipartPartHead, size: Int, location: Location, resources: RequestResources?) {
        self.name = head.name
        self.filename = head.filename ?? ""
        self.contentType = head.contentType ?? "application/octet-stream"
        self.headers = head.headers
        self.size = size
        self.location = Mutex(location)
        self.resources = resources
    }

    /// An upload held in memory, as a handler's tests may need one.
    public convenience init(name: String, filename: String, contentType: String = "application/octet-stream", bytes: ByteBuffer) {
        let headers: Headers = ["content-type": ByteString(contentType)]
        let head = MultipartPartHead(headers: headers, name: name, filename: filename, contentType: contentType)
        self.init(head: head, size: bytes.readableBytes, location: .memory(bytes), resources: nil)
    }

    /// The last component of ``filename`` (after the last `/` or `\`), for a name to show or
    /// to start a safe file name from; `"upload"` instead of an empty name, `.` or `..`.
    public var basename: String {
        let last = self.filename.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
        let cleaned = last.filter { $0 != "\0" }
        return cleaned.isEmpty || cleaned == "." || cleaned == ".." ? "upload" : cleaned
    }

    private var current: Location { self.location.withLock { $0 } }

    /// Whether the file has no bytes.
    public var isEmpty: Bool { self.size == 0 }

    /// Whether the bytes are in memory (not in a file).
    public var isInMemory: Bool {
        if case .memory = self.current { return true }
        return false
    }

    /// The temporary file holding the bytes, or `nil` when they are in memory or were moved.
    public var temporaryPath: String? {
        if case .temporaryFile(let path) = self.current { return path }
        return nil
    }

    /// All the bytes (read from the file when not in memory).
    public func bytes() async throws -> ByteBuffer {
        switch self.current {
        case .memory(let bytes):
            return bytes
        case .temporaryFile(let path), .file(let path):
            return try await ByteBuffer(contentsOf: FilePath(path), maximumSizeAllowed: .bytes(Int64(self.size)))
        }
    }

    /// The bytes as text (invalid UTF-8 replaced with U+FFFD).
    public func text() async throws -> String {
        String(buffer: try await self.bytes())
    }

    /// Moves the file to `destination`, which must not exist yet: a rename, or a copy and a
    /// delete across file systems (the file keeps its 0600 mode). An upload in memory is
    /// written there. Afterwards ``bytes()`` reads the new file and the request's end no longer
    /// deletes it.
    public func move(to destination: String) async throws {
        switch self.current {
        case .memory(let bytes):
            try await bytes.write(toFileAt: FilePath(destination))
        case .temporaryFile(let path):
            try await FileSystem.shared.moveItem(at: FilePath(path), to: FilePath(destination))
            self.resources?.forget(path)
            self.location.withLock { $0 = .file(destination) }
        case .file(let path):
            try await FileSystem.shared.moveItem(at: FilePath(path), to: FilePath(destination))
            self.location.withLock { $0 = .file(destination) }
        }
    }

    /// Copies the bytes to a new file at `destination` (which must not exist yet), keeping
    /// this upload as it is.
    public func copy(to destination: String) async throws {
        switch self.current {
        case .memory(let bytes):
            try await bytes.write(toFileAt: FilePath(destination))
        case .temporaryFile(let path), .file(let path):
            try await FileSystem.shared.copyItem(at: FilePath(path), to: FilePath(destination))
        }
    }
}
