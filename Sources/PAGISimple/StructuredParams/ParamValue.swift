/// One value of structured parameters: text from a form or a query string, or any JSON value
/// from a JSON body, nested in lists and objects.
///
/// ```swift
/// // user.name=Ada&tags[]=a&tags[]=b
/// params.value == ["user": ["name": "Ada"], "tags": ["a", "b"]]
/// ```
public enum ParamValue: Sendable, Equatable {
    /// Text: every form or query value, and JSON strings.
    case string(String)
    /// A JSON number (`36`, `-1500.0`): an integer's digits, or the shortest text of another number.
    case number(String)
    /// A JSON `true` or `false`.
    case bool(Bool)
    /// A JSON `null`.
    case null
    /// A list: indexed names (`items[0]`, `items[]`), a name given more than once, or a JSON array.
    case list([ParamValue])
    /// An object: dotted or bracketed names (`user.name`, `user[name]`), or a JSON object.
    case object(ParamObject)

    /// The member `key` of an object; `nil` for anything else.
    public subscript(key: String) -> ParamValue? {
        guard case .object(let object) = self else { return nil }
        return object[key]
    }

    /// The element at `index` of a list; `nil` for anything else, or out of range.
    public subscript(index: Int) -> ParamValue? {
        guard case .list(let elements) = self, elements.indices.contains(index) else { return nil }
        return elements[index]
    }

    /// The value at `path`, a key in the parameters' notation (`user.name`, `items[0].qty`,
    /// `items.0.qty`): a name steps into an object, an index into a list (an object's member
    /// named by the digits otherwise). `nil` when any step is missing.
    public func value(at path: String) -> ParamValue? {
        var current = self
        for segment in ParamKey(path).segments {
            switch segment {
            case .name(let name):
                guard let next = current[name] ?? Int(name).flatMap({ current[$0] }) else { return nil }
                current = next
            case .index(let index):
                guard let next = current[index] ?? current[String(index)] else { return nil }
                current = next
            case .append:
                return nil
            }
        }
        return current
    }

    /// The text of a single value: a string, a number as written, `true` or `false`. For a list
    /// of single values (a name given more than once) the last one, as Perl's strong parameters
    /// and ``StructuredParams/decode(_:)`` read it. `nil` for `null`, objects and other lists.
    public var text: String? {
        switch self.single {
        case .string(let text), .number(let text): return text
        case .bool(let value): return value ? "true" : "false"
        default: return nil
        }
    }

    /// Whether this is a string, a number, a Boolean or `null`.
    var isScalar: Bool {
        switch self {
        case .list, .object: return false
        default: return true
        }
    }

    /// The value read as one: itself when it is a scalar; the last element of a non-empty list
    /// of scalars (a repeated name: the last value wins, as in Perl); `nil` otherwise.
    var single: ParamValue? {
        switch self {
        case .list(let elements):
            guard let last = elements.last, elements.allSatisfy(\.isScalar) else { return nil }
            return last
        case .object:
            return nil
        default:
            return self
        }
    }

    /// Whether a required key counts as given: not `null`, not empty text.
    var isPresent: Bool {
        switch self.single {
        case .null: return false
        case .string(let text): return !text.isEmpty
        default: return true
        }
    }

    /// Whether a skip flag (`_destroy`) is set, by Perl's truth: not empty text, `"0"`, a zero
    /// number, `false` or `null`; a repeated flag by its last value.
    var isSet: Bool {
        switch self.single {
        case .string(let text): return !text.isEmpty && text != "0"
        case .number(let text): return Double(text).map { $0 != 0 } ?? true
        case .bool(let value): return value
        case .null: return false
        default: return true   // an object or a list of objects, true as a Perl reference is
        }
    }
}

extension ParamValue: ExpressibleByStringLiteral, ExpressibleByBooleanLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral {
    /// ``string(_:)``.
    public init(stringLiteral value: String) { self = .string(value) }
    /// ``bool(_:)``.
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    /// ``list(_:)``.
    public init(arrayLiteral elements: ParamValue...) { self = .list(elements) }
    /// ``object(_:)``, the keys in the literal's order.
    public init(dictionaryLiteral elements: (String, ParamValue)...) { self = .object(ParamObject(elements)) }
}

extension ParamValue: Encodable {
    /// Encodes as the JSON value it stands for (objects with their keys in order where the
    /// encoder keeps order); a number as an integer when it is one, otherwise a `Double`.
    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .string(let text):
            var container = encoder.singleValueContainer()
            try container.encode(text)
        case .number(let text):
            var container = encoder.singleValueContainer()
            if let integer = Int64(text) {
                try container.encode(integer)
            } else {
                try container.encode(Double(text) ?? .nan)
            }
        case .bool(let value):
            var container = encoder.singleValueContainer()
            try container.encode(value)
        case .null:
            var container = encoder.singleValueContainer()
            try container.encodeNil()
        case .list(let elements):
            var container = encoder.unkeyedContainer()
            for element in elements { try container.encode(element) }
        case .object(let object):
            var container = encoder.container(keyedBy: ParamCodingKey.self)
            for (key, value) in object { try container.encode(value, forKey: ParamCodingKey(key)) }
        }
    }
}

extension ParamValue: CustomStringConvertible {
    /// JSON-like text with the keys in order and numbers as written, for logs and test
    /// failures: `{"name": "Ada", "tags": ["a", "b"], "age": 36}`.
    public var description: String {
        switch self {
        case .string(let text): return text.debugDescription
        case .number(let text): return text
        case .bool(let value): return String(value)
        case .null: return "null"
        case .list(let elements): return "[" + elements.map(\.description).joined(separator: ", ") + "]"
        case .object(let object): return object.description
        }
    }
}
