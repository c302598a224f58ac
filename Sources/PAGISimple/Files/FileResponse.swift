public import HTTPTypes
import PAGI
import PAGIMiddleware

/// A file to send: what ``Response/file(_:contentType:disposition:status:)`` makes. When the
/// response is sent, the file's size and modification time give `content-length`, `ETag`
/// and `Last-Modified`; conditional requests (`If-None-Match`, `If-Modified-Since`,
/// `If-Match`, `If-Unmodified-Since`) answer 304 or 412, and a `Range` request 206 or 416.
/// The server sends the bytes itself, without loading the file into memory.
public struct FileResponse: Sendable {
    /// How the browser should present the file (`Content-Disposition`).
    public enum Disposition: Sendable, Equatable {
        /// No `Content-Disposition`: the browser decides.
        case none
        /// Shown in the browser; a `filename` is the name it suggests when saving.
        case inline(filename: String? = nil)
        /// Downloaded, under `filename` (the file's own name when `nil`).
        case attachment(filename: String? = nil)
    }

    /// The file's path.
    public var path: String
    /// `nil`: from the extension (``MediaTypes``).
    public var contentType: String?
    public var disposition: Disposition

    public init(path: String, contentType: String? = nil, disposition: Disposition = .none) {
        self.path = path
        self.contentType = contentType
        self.disposition = disposition
    }

    /// The `Content-Disposition` value (RFC 6266): an ASCII `filename` for every client, and
    /// `filename*` in UTF-8 when the name is not plain ASCII.
    var dispositionHeader: String? {
        let (kind, name): (String, String?)
        switch self.disposition {
        case .none: return nil
        case .inline(let filename): (kind, name) = ("inline", filename)
        case .attachment(let filename): (kind, name) = ("attachment", filename ?? String(self.path.split(separator: "/").last ?? ""))
        }
        guard let name, !name.isEmpty else { return kind }
        let fallback = String(name.unicodeScalars.map { scalar -> Character in
            scalar.isASCII && scalar.value >= 0x20 && scalar != "\"" && scalar != "\\" && scalar.value != 0x7F ? Character(scalar) : "_"
        })
        var value = "\(kind); filename=\"\(fallback)\""
        if fallback != name { value += "; filename*=UTF-8''" + PercentEncoding.encodeComponent(name) }
        return value
    }
}

extension Response {
    /// The file at `path`, sent by the server (see ``FileResponse``). A missing file, or one
    /// that is not a regular file, answers 404.
    ///
    /// ```swift
    /// app.get("/report") { _ in .file("/srv/reports/latest.pdf", disposition: .attachment(filename: "report.pdf")) }
    /// ```
    public static func file(
        _ path: String,
        contentType: String? = nil,
        disposition: FileResponse.Disposition = .none,
        status: HTTPResponse.Status = .ok
    ) -> Response {
        Response(status: status, body: .file(FileResponse(path: path, contentType: contentType, disposition: disposition)))
    }
}
