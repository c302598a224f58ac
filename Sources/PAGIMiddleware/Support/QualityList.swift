import PAGI

/// A request header that lists preferences with quality values (RFC 9110 §12.4.2): `Accept`
/// (`text/html, application/json;q=0.9, */*;q=0.1`) or `Accept-Encoding` (`gzip, br;q=0.5`).
/// Values are lower-cased; an invalid or missing `q` counts as 1, and qualities are kept
/// within 0 and 1.
struct QualityList: Sendable {
    struct Item: Sendable {
        /// The value without its parameters: `text/html`, `gzip`, `*`.
        var value: Substring
        var quality: Double
    }

    /// The items of every field, in order.
    let items: [Item]
    /// Whether the request carried the header at all.
    let isPresent: Bool

    /// The list in the `name` fields of `headers`.
    init(_ headers: Headers, _ name: HeaderName) {
        var items: [Item] = []
        var present = false
        for field in headers where field.name == name {
            present = true
            for entry in field.value.text.lowercased().split(separator: ",") {
                var parts = entry.split(separator: ";").map { $0.filter { $0 != " " && $0 != "\t" } }
                guard let value = parts.first, !value.isEmpty else { continue }
                parts.removeFirst()
                var quality = 1.0
                for parameter in parts where parameter.hasPrefix("q=") {
                    quality = Double(parameter.dropFirst(2)).map { min(max($0, 0), 1) } ?? 1
                }
                items.append(Item(value: Substring(value), quality: quality))
            }
        }
        self.items = items
        self.isPresent = present
    }

    /// The quality of `candidate`: that of the item matching it most specifically, 0 when none
    /// does. `specificity` says how specifically an item's value matches the candidate (higher
    /// is more specific), or `nil` when it does not match.
    func quality(of candidate: String, specificity: (Substring, String) -> Int?) -> Double {
        var best: (specificity: Int, quality: Double)?
        for item in self.items {
            guard let level = specificity(item.value, candidate) else { continue }
            if level > (best?.specificity ?? -1) { best = (level, item.quality) }
        }
        return best?.quality ?? 0
    }

    /// The candidate with the highest quality above 0, the earlier one on a tie; `nil` when
    /// none is acceptable.
    func preferred(among candidates: [String], specificity: (Substring, String) -> Int?) -> String? {
        var best: (candidate: String, quality: Double)?
        for candidate in candidates {
            let quality = self.quality(of: candidate, specificity: specificity)
            if quality > 0, quality > (best?.quality ?? 0) { best = (candidate, quality) }
        }
        return best?.candidate
    }

    /// How a media range (`text/html`, `text/*`, `*/*`) matches a media type: exactly (2),
    /// by its type (1) or as anything (0).
    static func mediaRange(_ range: Substring, _ type: String) -> Int? {
        if range == type { return 2 }
        if range == "*/*" { return 0 }
        if range.hasSuffix("/*"), type.hasPrefix(range.dropLast()) { return 1 }
        return nil
    }
}
