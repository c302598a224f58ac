/// A `Range` header as it applies to a file of a given size.
public enum ByteRange: Equatable, Sendable {
    /// Served in full: no valid single `bytes` range (several ranges are served in full too,
    /// which RFC 9110 allows).
    case ignored
    /// 416: the range starts past the end.
    case unsatisfiable
    /// The inclusive byte positions to send.
    case range(first: Int64, last: Int64)

    /// `header` (a `Range` value) for a representation of `size` bytes.
    public static func parse(_ header: String, size: Int64) -> ByteRange {
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
