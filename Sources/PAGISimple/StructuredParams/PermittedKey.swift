/// A key that ``StructuredParams/permitted(_:)`` lets through, with the shape its value must
/// have: a string literal is a single value; `.object` and `.list` say what lies inside.
///
/// ```swift
/// params.permitted(
///     "name",                                  // a single value
///     .object("address", "street", "city"),    // an object with these keys
///     .list("tags"),                           // a list of single values
///     .list("emails", "address", "kind"),      // a list of objects with these keys
/// )
/// ```
public struct PermittedKey: Sendable, ExpressibleByStringLiteral {
    indirect enum Shape: Sendable {
        case single
        case object([PermittedKey])
        case list([PermittedKey])
    }

    let name: String
    let shape: Shape

    /// The key `name` with a single value (text, a number, a Boolean or `null`). A name given
    /// more than once passes its last value; an object or a list of objects does not pass.
    public init(_ name: String) {
        self.init(name, .single)
    }

    /// The key `name` with a single value, as ``init(_:)``.
    public init(stringLiteral name: String) {
        self.init(name)
    }

    private init(_ name: String, _ shape: Shape) {
        self.name = name
        self.shape = shape
    }

    /// The key `name` holding an object, with only `keys` inside; with no `keys`, the whole
    /// object, whatever it holds.
    public static func object(_ name: String, _ keys: PermittedKey...) -> PermittedKey {
        PermittedKey(name, .object(keys))
    }

    /// The key `name` holding a list: with no `keys`, a list of single values (a single value
    /// becomes a list of one; other elements are dropped); with `keys`, a list of objects with
    /// only `keys` inside (elements that are not objects are dropped).
    public static func list(_ name: String, _ keys: PermittedKey...) -> PermittedKey {
        PermittedKey(name, .list(keys))
    }
}

extension PermittedKey {
    /// The members of `object` that `keys` let through, each in the shape its key asks for,
    /// in `object`'s order; for a key listed twice, the later rule.
    static func filter(_ object: ParamObject, keeping keys: [PermittedKey]) -> ParamObject {
        let rules = Dictionary(keys.map { ($0.name, $0.shape) }, uniquingKeysWith: { _, later in later })
        var kept = ParamObject()
        for (key, value) in object {
            kept[key] = rules[key].flatMap { value.shaped(as: $0) }
        }
        return kept
    }
}

extension ParamValue {
    /// The value in `shape`, or `nil` when it does not have that shape.
    fileprivate func shaped(as shape: PermittedKey.Shape) -> ParamValue? {
        switch (shape, self) {
        case (.single, _):
            return self.single
        case (.object(let keys), .object(let object)):
            return keys.isEmpty ? self : .object(PermittedKey.filter(object, keeping: keys))
        case (.list(let keys), .list(let elements)) where keys.isEmpty:
            return .list(elements.filter(\.isScalar))
        case (.list(let keys), .list(let elements)):
            return .list(elements.compactMap { element in
                guard case .object(let object) = element else { return nil }
                return .object(PermittedKey.filter(object, keeping: keys))
            })
        case (.list(let keys), _) where keys.isEmpty && self.isScalar:
            return .list([self])
        default:
            return nil
        }
    }
}
