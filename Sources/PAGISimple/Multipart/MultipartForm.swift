/// A `multipart/form-data` body, read: its text fields and its uploaded files, from
/// ``Context/multipart(limits:)``.
///
/// ```swift
/// let form = try await context.multipart()
/// let title = form.fields["title"] ?? "Untitled"
/// let document = try form.requiredUpload("document")   // 400 when it is missing
/// for photo in form.uploads("photos") { ... }
/// ```
public struct MultipartForm: Sendable {
    /// The parts without a file name (or with an empty one, as a browser sends for a file
    /// input left empty), in order, as text (invalid UTF-8 replaced with U+FFFD).
    public let fields: QueryParameters
    /// Every uploaded file, in order.
    public let allUploads: [Upload]

    init(fields: QueryParameters, uploads: [Upload]) {
        self.fields = fields
        self.allUploads = uploads
    }

    /// The first file uploaded as `name`.
    public func upload(_ name: String) -> Upload? {
        self.allUploads.first { $0.name == name }
    }

    /// Every file uploaded as `name`, in order.
    public func uploads(_ name: String) -> [Upload] {
        self.allUploads.filter { $0.name == name }
    }

    /// The first file uploaded as `name`; 400 "missing upload 'name'" when there is none.
    public func requiredUpload(_ name: String) throws(HTTPError) -> Upload {
        guard let upload = self.upload(name) else { throw HTTPError(.badRequest, "missing upload '\(name)'") }
        return upload
    }
}
