import NIOCore

/// Collects a ``MultipartParser``'s events into a ``MultipartForm`` and enforces the
/// ``MultipartLimits`` on parts (the body's total is the body stream's limit).
struct MultipartFormBuilder {
    private enum Part {
        case field(name: String, bytes: ByteBuffer)
        case file(MultipartPartHead, UploadSpool)
    }

    private let limits: MultipartLimits
    private let resources: RequestResources
    private var fields: [(name: String, value: String)] = []
    private var uploads: [Upload] = []
    private var partCount = 0
    private var part: Part?

    init(limits: MultipartLimits, resources: RequestResources) {
        self.limits = limits
        self.resources = resources
    }

    /// The form, once the parser has finished.
    var form: MultipartForm {
        MultipartForm(fields: QueryParameters(pairs: self.fields), uploads: self.uploads)
    }

    mutating func handle(_ event: MultipartParser.Event) async throws {
        switch event {
        case .head(let head):
            self.partCount += 1
            guard self.partCount <= self.limits.maxParts else {
                throw HTTPError(.contentTooLarge, "The multipart body has more than maxParts (\(self.limits.maxParts)) parts")
            }
            // A file input left empty comes with `filename=""`: a field, as in Perl's PAGI::Simple.
            if let filename = head.filename, !filename.isEmpty {
                self.part = .file(head, UploadSpool())
            } else {
                self.part = .field(name: head.name, bytes: ByteBuffer())
            }
        case .body(let piece):
            try await self.append(piece)
        case .end:
            switch self.part.take() {
            case .field(let name, let bytes):
                self.fields.append((name, String(buffer: bytes)))
            case .file(let head, var spool):
                let location = try await spool.finish()
                self.uploads.append(Upload(head: head, size: spool.size, location: location, resources: self.resources))
            case nil:
                break
            }
        }
    }

    /// Closes the current upload's file after a failure.
    mutating func abandon() async {
        if case .file(_, var spool) = self.part.take() { await spool.abandon() }
    }

    private mutating func append(_ piece: ByteBuffer) async throws {
        // `take()` leaves the part's buffer uniquely referenced: appending does not copy it.
        switch self.part.take() {
        case .field(let name, var bytes):
            guard bytes.readableBytes + piece.readableBytes <= self.limits.maxFieldSize else {
                throw HTTPError(.contentTooLarge, "The field '\(name)' is over maxFieldSize (\(self.limits.maxFieldSize) bytes)")
            }
            bytes.writeImmutableBuffer(piece)
            self.part = .field(name: name, bytes: bytes)
        case .file(let head, var spool):
            // Put back before anything can throw, so that `abandon()` closes its file.
            defer { self.part = .file(head, spool) }
            guard spool.size + piece.readableBytes <= self.limits.maxFileSize else {
                throw HTTPError(.contentTooLarge, "The file '\(head.filename ?? "")' is over maxFileSize (\(self.limits.maxFileSize) bytes)")
            }
            try await spool.append(piece, threshold: self.limits.memoryThreshold, resources: self.resources)
        case nil:
            break
        }
    }
}
