/// A value of the spec's permitted data types: what extension events and extension data
/// carry, and the spec-shaped form of a scope (``Scope/specValue``).
public enum PAGIValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case int(Int64)
    case double(Double)
    case string(String)
    case bytes(ByteString)
    case array([PAGIValue])
    case object([String: PAGIValue])

    /// The value under `key` when this is an object.
    public subscript(key: String) -> PAGIValue? {
        guard case .object(let object) = self else { return nil }
        return object[key]
    }

    /// The string, or the bytes as text.
    public var stringValue: String? {
        switch self {
        case .string(let string): return string
        case .bytes(let bytes): return bytes.text
        default: return nil
        }
    }

    /// The integer value.
    public var intValue: Int64? {
        if case .int(let value) = self { return value }
        return nil
    }
}

extension PAGIValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral,
    ExpressibleByFloatLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral, ExpressibleByNilLiteral
{
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int64) { self = .int(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(floatLiteral value: Double) { self = .double(value) }
    public init(arrayLiteral elements: PAGIValue...) { self = .array(elements) }
    public init(dictionaryLiteral elements: (String, PAGIValue)...) {
        self = .object(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }
    public init(nilLiteral: ()) { self = .null }
}
