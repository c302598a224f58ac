/// What a path parameter must look like for its route to match; a segment that does not
/// satisfy it makes the router look further (and answer 404 when nothing else matches).
///
/// ```swift
/// app.get("/users/:id", where: ["id": .int]) { context in ... }
/// app.get("/files/:name", where: ["name": .matching { $0.hasSuffix(".txt") }]) { ... }
/// ```
public struct ParameterConstraint: Sendable {
    /// Says whether a (percent-decoded) segment satisfies the constraint.
    public let accepts: @Sendable (String) -> Bool

    public init(_ accepts: @escaping @Sendable (String) -> Bool) {
        self.accepts = accepts
    }

    /// Any segment `predicate` accepts.
    public static func matching(_ predicate: @escaping @Sendable (String) -> Bool) -> ParameterConstraint {
        ParameterConstraint(predicate)
    }

    /// A segment that parses as `type` (`Int`, `Double`, `Bool`, `UInt8`, ...).
    public static func parses<T: LosslessStringConvertible & SendableMetatype>(as type: T.Type) -> ParameterConstraint {
        ParameterConstraint { T($0) != nil }
    }

    /// A decimal integer that fits in `Int`.
    public static let int = ParameterConstraint.parses(as: Int.self)

    /// A UUID in its 8-4-4-4-12 hexadecimal form, either case.
    public static let uuid = ParameterConstraint { segment in
        let bytes = Array(segment.utf8)
        guard bytes.count == 36 else { return false }
        for (index, byte) in bytes.enumerated() {
            if [8, 13, 18, 23].contains(index) {
                guard byte == UInt8(ascii: "-") else { return false }
            } else {
                guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte | 0x20) else { return false }
            }
        }
        return true
    }

    /// One of `values`, exactly.
    public static func oneOf(_ values: Set<String>) -> ParameterConstraint {
        ParameterConstraint { values.contains($0) }
    }
}
