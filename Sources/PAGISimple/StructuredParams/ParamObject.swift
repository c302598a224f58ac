/// The members of a ``ParamValue/object(_:)``: values by key, the keys in the order they were
/// first seen (the request's order), so that iterating and encoding follow the request.
///
/// Two objects are equal when they have the same keys in the same order with equal values.
public struct ParamObject: Sendable, Equatable, Sequence, ExpressibleByDictionaryLiteral, CustomStringConvertible {
    /// The keys, in order.
    public private(set) var keys: [String] = []
    private var values: [String: ParamValue] = [:]

    /// An empty object.
    public init() {}

    /// The members in order; a key given twice keeps its first place and its last value.
    public init(_ members: some Sequence<(String, ParamValue)>) {
        for (key, value) in members { self[key] = value }
    }

    /// The members of a literal, in order.
    public init(dictionaryLiteral elements: (String, ParamValue)...) {
        self.init(elements)
    }

    /// The value of `key`. Setting a new key adds it at the end; setting `nil` removes it.
    public subscript(key: String) -> ParamValue? {
        get { self.values[key] }
        set {
            switch (self.values[key] != nil, newValue != nil) {
            case (false, true): self.keys.append(key)
            case (true, false): self.keys.removeAll { $0 == key }
            default: break
            }
            self.values[key] = newValue
        }
    }

    /// How many members there are.
    public var count: Int { self.keys.count }

    /// Whether there are no members.
    public var isEmpty: Bool { self.keys.isEmpty }

    /// The members in order.
    public func makeIterator() -> some IteratorProtocol<(key: String, value: ParamValue)> {
        self.keys.lazy.map { (key: $0, value: self.values[$0]!) }.makeIterator()
    }

    /// JSON-like text, as ``ParamValue/description``.
    public var description: String {
        "{" + self.map { "\($0.key.debugDescription): \($0.value)" }.joined(separator: ", ") + "}"
    }

    /// This object with `other`'s members laid over it: a key both have takes `other`'s value,
    /// except that two objects merge member by member; new keys follow in `other`'s order.
    func merging(_ other: ParamObject) -> ParamObject {
        var merged = self
        for (key, value) in other {
            if case .object(let mine) = merged[key], case .object(let theirs) = value {
                merged[key] = .object(mine.merging(theirs))
            } else {
                merged[key] = value
            }
        }
        return merged
    }
}
