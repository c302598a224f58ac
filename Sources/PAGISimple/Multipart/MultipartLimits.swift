/// The limits ``Context/multipart(limits:)`` enforces while it reads a `multipart/form-data`
/// body (Perl PAGI::Simple's defaults). Going over a size or count answers 413 naming the
/// limit; a part's header block over ``maxHeaderSize`` is a malformed body (400).
///
/// ```swift
/// let form = try await context.multipart(limits: .init(maxFileSize: 100 << 20, maxTotalSize: 200 << 20))
/// ```
public struct MultipartLimits: Sendable {
    /// The most bytes one uploaded file may have (10 MiB).
    public var maxFileSize: Int
    /// The most bytes the whole body may have (50 MiB).
    public var maxTotalSize: Int
    /// An upload bigger than this moves from memory to a temporary file (64 KiB).
    public var memoryThreshold: Int
    /// The most parts the body may have (1000).
    public var maxParts: Int
    /// The most bytes a field that is not a file may have (1 MiB).
    public var maxFieldSize: Int
    /// The most bytes a part's header block may have (16 KiB).
    public var maxHeaderSize: Int

    /// Limits with the given values; the defaults are Perl PAGI::Simple's.
    public init(
        maxFileSize: Int = 10 << 20,
        maxTotalSize: Int = 50 << 20,
        memoryThreshold: Int = 64 << 10,
        maxParts: Int = 1000,
        maxFieldSize: Int = 1 << 20,
        maxHeaderSize: Int = 16 << 10
    ) {
        self.maxFileSize = maxFileSize
        self.maxTotalSize = maxTotalSize
        self.memoryThreshold = memoryThreshold
        self.maxParts = maxParts
        self.maxFieldSize = maxFieldSize
        self.maxHeaderSize = maxHeaderSize
    }
}
