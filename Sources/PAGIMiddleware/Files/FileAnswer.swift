public import HTTPTypes
public import PAGI

/// How to answer a request for a file: RFC 9110's conditional requests (§13) and single byte
/// ranges (§14) decided from the file's ``FileFacts`` and the request's header fields.
public struct FileAnswer: Sendable {
    public var status: HTTPResponse.Status
    public var headers: Headers
    /// The bytes to send; `nil` for a bodyless answer (304, 412, 416).
    public var body: FileBody?

    /// The answer to `request` for the file at `path`, described by `facts`, when the
    /// response would otherwise be `status` with `headers`: `ETag`, `Last-Modified` and
    /// `Accept-Ranges` added (unless `headers` has them); then 304 or 412 for conditional
    /// requests, 206 or 416 for a `Range` (several ranges: the whole file, as RFC 9110
    /// allows), else the whole file with its `content-length`. Only a 200 is made
    /// conditional or partial. `contentType` defaults to the extension's ``MediaTypes``.
    public init(path: String, facts: FileFacts, status: HTTPResponse.Status = .ok, headers: Headers = [:], contentType: String? = nil, request: RequestScope) {
        var headers = headers
        let etag = facts.etag
        for (name, value) in [(HeaderName.eTag, etag), (.lastModified, UTCTime(seconds: facts.modifiedSeconds).httpDate), (.acceptRanges, "bytes")]
        where !headers.contains(name) {
            headers.append(name, ByteString(value))
        }
        if !headers.contains(.contentType) { headers.append(.contentType, ByteString(contentType ?? MediaTypes.forPath(path))) }
        self.headers = headers
        self.status = status
        self.body = nil
        guard status == .ok else { self.send(path, from: 0, length: facts.size); return }
        let fields = request.headers
        let isRead = request.method == .get || request.method == .head
        // Preconditions, in the order RFC 9110 §13.2.2 gives.
        if let ifMatch = fields.first(.ifMatch)?.text {
            if !EntityTagList(ifMatch).matches(etag, weak: false) { self.bodyless(.preconditionFailed); return }
        } else if let since = fields.first(.ifUnmodifiedSince).flatMap({ UTCTime.seconds(fromHTTPDate: $0.text) }), facts.modifiedSeconds > since {
            self.bodyless(.preconditionFailed)
            return
        }
        if let ifNoneMatch = fields.first(.ifNoneMatch)?.text {
            if EntityTagList(ifNoneMatch).matches(etag, weak: true) { self.bodyless(isRead ? .notModified : .preconditionFailed); return }
        } else if isRead, let since = fields.first(.ifModifiedSince).flatMap({ UTCTime.seconds(fromHTTPDate: $0.text) }), facts.modifiedSeconds <= since {
            self.bodyless(.notModified)
            return
        }
        guard request.method == .get, let range = fields.first(.range)?.text, Self.rangeStillApplies(fields, etag: etag, modified: facts.modifiedSeconds) else {
            self.send(path, from: 0, length: facts.size)
            return
        }
        switch ByteRange.parse(range, size: facts.size) {
        case .ignored:
            self.send(path, from: 0, length: facts.size)
        case .unsatisfiable:
            self.headers.append(.contentRange, ByteString("bytes */\(facts.size)"))
            self.bodyless(.rangeNotSatisfiable)
            self.headers.append(.contentLength, "0")
        case .range(let first, let last):
            self.status = .partialContent
            self.headers.append(.contentRange, ByteString("bytes \(first)-\(last)/\(facts.size)"))
            self.send(path, from: first, length: last - first + 1)
        }
    }

    private mutating func send(_ path: String, from offset: Int64, length: Int64) {
        self.headers.remove(.contentLength)
        self.headers.append(.contentLength, ByteString(String(length)))
        self.body = FileBody(.path(path), offset: offset, length: length)
    }

    private mutating func bodyless(_ status: HTTPResponse.Status) {
        self.status = status
        self.headers.remove(.contentLength)
        self.headers.remove(.contentType)
        self.body = nil
    }

    /// `If-Range`: the range applies only while the file is the one the client has part of.
    private static func rangeStillApplies(_ headers: Headers, etag: String, modified: Int) -> Bool {
        guard let ifRange = headers.first(.ifRange)?.text else { return true }
        if ifRange.hasPrefix("\"") || ifRange.hasPrefix("W/") { return ifRange == etag }
        return UTCTime.seconds(fromHTTPDate: ifRange) == modified
    }
}
