import HTTPTypes
import PAGI

extension Context {
    /// The media type among `candidates` (full types, or short names: `html`, `text`/`txt`,
    /// `json`, `xml`, `atom`, `rss`, `css`, `js`, `png`, `jpg`/`jpeg`, `gif`, `svg`, `pdf`,
    /// `zip`, `form`) that the request's `Accept` prefers: the highest quality, the most
    /// specific range deciding a type's quality (RFC 9110 §12.5.1), ties going to the earlier
    /// candidate; the first candidate when there is no `Accept`; `nil` when none is acceptable.
    public func preferredType(among candidates: [String]) -> String? {
        let ranges = self.acceptRanges
        guard !ranges.isEmpty else { return candidates.first }
        var best: (candidate: String, quality: Double)?
        for candidate in candidates {
            let quality = Self.quality(of: Self.mediaType(candidate), in: ranges)
            if quality > 0, quality > (best?.quality ?? 0) { best = (candidate, quality) }
        }
        return best?.candidate
    }

    /// Whether the request accepts `type` (a full type or a short name).
    public func accepts(_ type: String) -> Bool {
        self.preferredType(among: [type]) != nil
    }

    /// The response of the first preferred type among `options`; when the client accepts none
    /// of them, the `"any"` option if there is one, else 406 Not Acceptable listing the types
    /// there are. The response gets `Vary: Accept`.
    ///
    /// ```swift
    /// try await context.respond(to: [
    ///     "html": { .html("<p>\(user.name)</p>") },
    ///     "json": { try .json(user) },
    /// ])
    /// ```
    public func respond(to options: KeyValuePairs<String, @Sendable () async throws -> Response>) async throws -> Response {
        let types = options.map(\.key).filter { $0 != "any" }
        let chosen = self.preferredType(among: types) ?? "any"
        guard let respond = options.first(where: { $0.key == chosen })?.value else {
            throw HTTPError(.notAcceptable, "Not Acceptable. Available: \(types.map { Self.mediaType($0) }.joined(separator: ", "))")
        }
        return try await respond().header("vary", "Accept")
    }

    /// The request's `Accept` ranges, most preferred first (by quality, then by the order
    /// given): `[("text/html", 1.0), ("application/json", 0.9), ("*/*", 0.1)]`.
    public var acceptedTypes: [(type: String, quality: Double)] {
        self.acceptRanges.enumerated()
            .sorted { $0.element.quality != $1.element.quality ? $0.element.quality > $1.element.quality : $0.offset < $1.offset }
            .map { ("\($0.element.type)/\($0.element.subtype)", $0.element.quality) }
    }

    /// The `Accept` ranges: (type, subtype, quality), lower-cased.
    private var acceptRanges: [(type: Substring, subtype: Substring, quality: Double)] {
        var ranges: [(Substring, Substring, Double)] = []
        for field in self.headers where field.name == .accept {
            let text = field.value.text.lowercased()
            for item in text.split(separator: ",") {
                var parts = item.split(separator: ";").map { $0.filter { $0 != " " && $0 != "\t" } }
                guard !parts.isEmpty else { continue }
                let range = parts.removeFirst().split(separator: "/", maxSplits: 1)
                guard range.count == 2 else { continue }
                var quality = 1.0
                for parameter in parts where parameter.hasPrefix("q=") {
                    quality = Double(parameter.dropFirst(2)).map { min(max($0, 0), 1) } ?? 1
                }
                ranges.append((Substring(range[0]), Substring(range[1]), quality))
            }
        }
        return ranges
    }

    private static func quality(of type: String, in ranges: [(type: Substring, subtype: Substring, quality: Double)]) -> Double {
        let parts = type.lowercased().split(separator: "/", maxSplits: 1)
        guard parts.count == 2 else { return 0 }
        var best: (specificity: Int, quality: Double)?
        for range in ranges {
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

    /// The full media type of a short name (`json` → `application/json`; an unknown name
    /// `x` → `application/x`), or `name` itself when it is a full type.
    static func mediaType(_ name: String) -> String {
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
