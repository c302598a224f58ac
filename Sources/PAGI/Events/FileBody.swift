/// A response body the server reads from a file: `http.response.body` with `file` or `fh`.
///
/// Such a body is always the last body event (the spec ignores `more` for it). The server
/// may send it without copying through user space.
public struct FileBody: Sendable, Hashable {
    /// Where the bytes come from.
    public enum Source: Sendable, Hashable {
        /// `file`: an absolute path; the server opens, streams and closes the file. When it
        /// cannot be opened, `send` throws.
        case path(String)
        /// `fh`: an open file descriptor; the application keeps ownership and closes it after
        /// `send` returns.
        case descriptor(Int32)
    }

    /// The file or descriptor to read.
    public var source: Source
    /// `offset`: the first byte to send.
    public var offset: Int64
    /// `length`: how many bytes to send; `nil` reads to the end of the file.
    public var length: Int64?

    /// `length` bytes of `source` from `offset` (to the end when `length` is `nil`).
    public init(_ source: Source, offset: Int64 = 0, length: Int64? = nil) {
        self.source = source
        self.offset = offset
        self.length = length
    }

    /// The file at `path`.
    public static func path(_ path: String, offset: Int64 = 0, length: Int64? = nil) -> FileBody {
        FileBody(.path(path), offset: offset, length: length)
    }
}
