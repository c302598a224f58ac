#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import HTTPTypes
import NIOCore
import NIOPosix
import PAGI

/// What the file system says about a file about to be served.
struct FileFacts: Sendable {
    var size: Int64
    var modifiedSeconds: Int
    var modifiedNanoseconds: Int

    /// A validator that changes whenever the file is rewritten: size and modification time.
    var etag: String {
        "\"\(String(self.size, radix: 16))-\(String(self.modifiedSeconds, radix: 16))\(String(self.modifiedNanoseconds, radix: 16))\""
    }

    /// `stat(2)` of `path` (following links) on NIO's thread pool, so that a slow disk never
    /// blocks a task thread; `nil` unless it is a regular file.
    static func of(_ path: String) async throws -> FileFacts? {
        try await NIOThreadPool.singleton.runIfActive {
            var info = stat()
            guard stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
            #if canImport(Darwin)
            let modified = info.st_mtimespec
            #else
            let modified = info.st_mtim
            #endif
            return FileFacts(size: Int64(info.st_size), modifiedSeconds: Int(modified.tv_sec), modifiedNanoseconds: Int(modified.tv_nsec))
        }
    }
}

/// A file response turned into what goes on the wire, for one request: RFC 9110's
/// conditional requests (§13) and single byte ranges (§14).
enum FileServing {
    /// The head and body for `file`, answering `request`: 200 with the file, 206 with a part,
    /// 304, 412 or 416; 404 when the file is not there.
    static func prepare(_ file: FileResponse, status: HTTPResponse.Status, headers: Headers, request: RequestScope) async throws -> Outgoing {
        guard let facts = try await FileFacts.of(file.path) else { throw HTTPError(.notFound) }
        var headers = headers
        let lastModified = UTCTime(seconds: facts.modifiedSeconds).httpDate
        let etag = facts.etag
        for (name, value) in [(HeaderName.eTag, etag), (.lastModified, lastModified), (.acceptRanges, "bytes")] where !headers.contains(name) {
            headers.append(name, ByteString(value))
        }
        guard status == .ok else {
            return Self.whole(file, facts, status: status, headers: headers)
        }
        let requestHeaders = request.headers
        let isRead = request.method == .get || request.method == .head
        // Preconditions, in the order RFC 9110 §13.2.2 gives.
        if let ifMatch = requestHeaders.first(.ifMatch)?.text {
            if !Self.matches(ifMatch, etag, weak: false) { return Self.bodyless(.preconditionFailed, headers) }
        } else if let since = requestHeaders.first(.ifUnmodifiedSince).flatMap({ UTCTime.seconds(fromHTTPDate: $0.text) }), facts.modifiedSeconds > since {
            return Self.bodyless(.preconditionFailed, headers)
        }
        if let ifNoneMatch = requestHeaders.first(.ifNoneMatch)?.text {
            if Self.matches(ifNoneMatch, etag, weak: true) { return Self.bodyless(isRead ? .notModified : .preconditionFailed, headers) }
        } else if isRead, let since = requestHeaders.first(.ifModifiedSince).flatMap({ UTCTime.seconds(fromHTTPDate: $0.text) }), facts.modifiedSeconds <= since {
            return Self.bodyless(.notModified, headers)
        }
        guard request.method == .get, let range = requestHeaders.first(.range)?.text, Self.rangeStillApplies(requestHeaders, etag: etag, modified: facts.modifiedSeconds) else {
            return Self.whole(file, facts, status: status, headers: headers)
        }
        switch ByteRange.parse(range, size: facts.size) {
        case .ignored:
            return Self.whole(file, facts, status: status, headers: headers)
        case .unsatisfiable:
            headers.append(.contentRange, ByteString("bytes */\(facts.size)"))
            headers.append(.contentLength, "0")
            return Self.bodyless(.rangeNotSatisfiable, headers)
        case .range(let first, let last):
            headers.append(.contentRange, ByteString("bytes \(first)-\(last)/\(facts.size)"))
            return Self.part(file, headers: headers, status: .partialContent, offset: first, length: last - first + 1)
        }
    }

    private static func whole(_ file: FileResponse, _ facts: FileFacts, status: HTTPResponse.Status, headers: Headers) -> Outgoing {
        self.part(file, headers: headers, status: status, offset: 0, length: facts.size)
    }

    private static func part(_ file: FileResponse, headers: Headers, status: HTTPResponse.Status, offset: Int64, length: Int64) -> Outgoing {
        var headers = headers
        if !headers.contains(.contentType) { headers.append(.contentType, ByteString(file.contentType ?? MediaTypes.forPath(file.path))) }
        if let disposition = file.dispositionHeader, !headers.contains(.contentDisposition) {
            headers.append(.contentDisposition, ByteString(disposition))
        }
        headers.remove(.contentLength)
        headers.append(.contentLength, ByteString(String(length)))
        return Outgoing(status: status, headers: headers, body: .file(FileBody(.path(file.path), offset: offset, length: length)))
    }

    private static func bodyless(_ status: HTTPResponse.Status, _ headers: Headers) -> Outgoing {
        Outgoing(status: status, headers: headers, body: .buffer(ByteBuffer()))
    }

    /// Whether the entity tag list `header` (`*`, or `"a", W/"b"`) matches `etag`: the weak
    /// comparison ignores `W/`, the strong one refuses weak tags.
    static func matches(_ header: String, _ etag: String, weak: Bool) -> Bool {
        for candidate in header.split(separator: ",") {
            var tag = candidate.trimmingSpaces
            if tag == "*" { return true }
            if tag.hasPrefix("W/") {
                guard weak else { continue }
                tag = tag.dropFirst(2)
            }
            if tag == etag[...] { return true }
        }
        return false
    }

    /// `If-Range`: the range applies only while the file is the one the client has part of.
    private static func rangeStillApplies(_ headers: Headers, etag: String, modified: Int) -> Bool {
        guard let ifRange = headers.first(.ifRange)?.text else { return true }
        if ifRange.hasPrefix("\"") || ifRange.hasPrefix("W/") { return ifRange == etag }
        return UTCTime.seconds(fromHTTPDate: ifRange) == modified
    }
}

/// A `Range` header as it applies to a file of a given size.
enum ByteRange: Equatable {
    /// Served in full: no valid single `bytes` range (several ranges are served in full too,
    /// which RFC 9110 allows).
    case ignored
    /// 416: the range starts past the end.
    case unsatisfiable
    /// The inclusive byte positions to send.
    case range(first: Int64, last: Int64)

    static func parse(_ header: String, size: Int64) -> ByteRange {
        let parts = header.split(separator: "=", maxSplits: 1)
        guard parts.count == 2, parts[0].trimmingSpaces.lowercased() == "bytes" else { return .ignored }
        let specs = parts[1].split(separator: ",")
        guard specs.count == 1 else { return .ignored }
        let bounds = specs[0].trimmingSpaces.split(separator: "-", maxSplits: 1, omittingEmptySubsequences: false)
        guard bounds.count == 2 else { return .ignored }
        let start = bounds[0].isEmpty ? nil : Int64(bounds[0])
        let end = bounds[1].isEmpty ? nil : Int64(bounds[1])
        switch (start, end) {
        case (let first?, let last?) where first <= last:
            return first < size ? .range(first: first, last: min(last, size - 1)) : .unsatisfiable
        case (let first?, nil) where !bounds[0].isEmpty && bounds[1].isEmpty:
            return first < size ? .range(first: first, last: size - 1) : .unsatisfiable
        case (nil, let suffix?) where bounds[0].isEmpty:
            return suffix > 0 && size > 0 ? .range(first: max(0, size - suffix), last: size - 1) : .unsatisfiable
        default:
            return .ignored
        }
    }
}
