public import PAGI

/// A request's `Accept` field, parsed: media ranges with their quality values, and how much
/// the client wants a given type (RFC 9110 §12.5.1: the most specific matching range decides).
public struct AcceptHeader: Sendable {
    /// One media range: `text/html;q=0.9`, lower-cased.
    public struct Range: Sendable, Equatable {
        public var type: String
        public var subtype: String
        public var quality: Double
    }

    /// The ranges in the order the client wrote them (every `Accept` field joined).
    public let ranges: [Range]

    /// The `Accept` fields of `headers`.
    public init(_ headers: Headers) {
        var ranges: [Range] = []
        for field in headers where field.name == .accept {
            for item in field.value.text.lowercased().split(separator: ",") {
                var parts = item.split(separator: ";").map { $0.filter { $0 != " " && $0 != "\t" } }
                guard !parts.isEmpty else { continue }
                let range = parts.removeFirst().split(separator: "/", maxSplits: 1)
                guard range.count == 2 else { continue }
                var quality = 1.0
                for parameter in parts where parameter.hasPrefix("q=") {
                    quality = Double(parameter.dropFirst(2)).map { min(max($0, 0), 1) } ?? 1
                }
                ranges.append(Range(type: String(range[0]), subtype: String(range[1]), quality: quality))
            }
        }
        self.ranges = ranges
    }

    /// Whether the request had no `Accept` (which means anything goes).
    public var isEmpty: Bool { self.ranges.isEmpty }

    /// The ranges most preferred first (by quality; ties in the client's order).
    public var inPreferenceOrder: [Range] {
        self.ranges.enumerated()
            .sorted { $0.element.quality != $1.element.quality ? $0.element.quality > $1.element.quality : $0.offset < $1.offset }
            .map(\.element)
    }

    /// How much the client accepts `type` (a full type or a short name), 0 to 1: the quality
    /// of the most specific range that matches it; 1 when there is no `Accept`.
    public func quality(of type: String) -> Double {
        guard !self.ranges.isEmpty else { return 1 }
        let parts = Self.mediaType(type).lowercased().split(separator: "/", maxSplits: 1)
        guard parts.count == 2 else { return 0 }
        var best: (specificity: Int, quality: Double)?
        for range in self.ranges {
            let specificity: Int
            if range.type == parts[0] && range.subtype == parts[1] {
                specificity = 2
            } else if range.type == parts[0] && range.subtype == "*" {
                specificity = 1
            } else if range.type == "*" && range.subtype == "*" {
                specificity = 0
            } else {
                continue
            }
            if specificity > (best?.specificity ?? -1) { best = (specificity, range.quality) }
        }
        return best?.quality ?? 0
    }

    /// The candidate the client prefers: the highest quality, ties going to the earlier
    /// candidate; the first when there is no `Accept`; `nil` when none is acceptable.
    public func preferred(among candidates: [String]) -> String? {
        guard !self.ranges.isEmpty else { return candidates.first }
        var best: (candidate: String, quality: Double)?
        for candidate in candidates {
            let quality = self.quality(of: candidate)
            if quality > 0, quality > (best?.quality ?? 0) { best = (candidate, quality) }
        }
        return best?.candidate
    }

    /// The full media type of a short name (`json` → `application/json`, `html`, `text`/`txt`,
    /// `xml`, `atom`, `rss`, `css`, `js`, `png`, `jpg`/`jpeg`, `gif`, `svg`, `pdf`, `zip`, `form`;
    /// any other `x` → `application/x`), or `name` itself when it is a full type.
    public static func mediaType(_ name: String) -> String {
        if name.contains("/") { return name }
        return Self.shortNames[name] ?? "application/" + name
    }

    private static let shortNames = [
        "html": "text/html", "text": "text/plain", "txt": "text/plain", "json": "application/json",
        "xml": "application/xml", "atom": "application/atom+xml", "rss": "application/rss+xml",
        "css": "text/css", "js": "application/javascript", "png": "image/png", "jpg": "image/jpeg",
        "jpeg": "image/jpeg", "gif": "image/gif", "svg": "image/svg+xml", "pdf": "application/pdf",
        "zip": "application/zip", "form": "application/x-www-form-urlencoded",
    ]
}
