/// An ordered list of header fields: names lower-cased, values opaque bytes, order and
/// duplicates kept exactly (several `set-cookie` fields stay several fields).
///
/// ```swift
/// let headers: Headers = ["content-type": "text/plain", "set-cookie": "a=1", "set-cookie": "b=2"]
/// headers["content-type"]          // "text/plain" (the first value, as text)
/// headers.values(for: .setCookie)  // ["a=1", "b=2"]
/// ```
///
/// A `Headers` value holds whatever bytes it is given; the event validator rejects names
/// that are not tokens and values with control characters (CR, LF, NUL, ...) when an
/// application sends them, so response splitting cannot reach the wire.
public struct Headers: Sendable, Hashable {
    /// One header field.
    public struct Field: Sendable, Hashable {
        /// The lower-cased name.
        public var name: HeaderName
        /// The value's bytes.
        public var value: ByteString

        /// A field `name: value`.
        @inlinable
        public init(name: HeaderName, value: ByteString) {
            self.name = name
            self.value = value
        }
    }

    @usableFromInline
    var fields: [Field]

    /// An empty list.
    @inlinable
    public init() { self.fields = [] }

    /// The given fields, in order.
    @inlinable
    public init(_ fields: some Sequence<Field>) { self.fields = Array(fields) }

    /// The given name-value pairs, in order.
    public init(_ pairs: some Sequence<(String, String)>) {
        self.fields = pairs.map { Field(name: HeaderName($0.0), value: ByteString($0.1)) }
    }

    /// The number of fields.
    @inlinable
    public var count: Int { self.fields.count }

    /// Whether there are no fields.
    @inlinable
    public var isEmpty: Bool { self.fields.isEmpty }

    /// The first value of `name`, as text (see ``ByteString/text``); setting it replaces every
    /// field of that name with one field (or removes them all when set to `nil`).
    public subscript(name: HeaderName) -> String? {
        get { self.first(name)?.text }
        set {
            if let newValue {
                self.replace(name, with: ByteString(newValue))
            } else {
                self.remove(name)
            }
        }
    }

    /// The first value of `name`, as bytes.
    @inlinable
    public func first(_ name: HeaderName) -> ByteString? {
        for field in self.fields where field.name == name {
            return field.value
        }
        return nil
    }

    /// Every value of `name`, in order, as text.
    public func values(for name: HeaderName) -> [String] {
        self.fields.filter { $0.name == name }.map { $0.value.text }
    }

    /// Whether a field named `name` is present.
    @inlinable
    public func contains(_ name: HeaderName) -> Bool {
        self.fields.contains { $0.name == name }
    }

    /// Appends a field at the end, keeping any existing fields of that name.
    @inlinable
    public mutating func append(_ name: HeaderName, _ value: ByteString) {
        self.fields.append(Field(name: name, value: value))
    }

    /// Appends every field of `other`.
    public mutating func append(contentsOf other: Headers) {
        self.fields.append(contentsOf: other.fields)
    }

    /// Replaces every field named `name` with one field holding `value`, at the position of
    /// the first one (or at the end when there was none).
    public mutating func replace(_ name: HeaderName, with value: ByteString) {
        if let index = self.fields.firstIndex(where: { $0.name == name }) {
            self.fields[index].value = value
            var next = self.fields.index(after: index)
            while next < self.fields.endIndex {
                if self.fields[next].name == name {
                    self.fields.remove(at: next)
                } else {
                    next += 1
                }
            }
        } else {
            self.fields.append(Field(name: name, value: value))
        }
    }

    /// Removes every field named `name`.
    public mutating func remove(_ name: HeaderName) {
        self.fields.removeAll { $0.name == name }
    }

    /// Removes every field for which `predicate` is true.
    public mutating func removeAll(where predicate: (Field) throws -> Bool) rethrows {
        try self.fields.removeAll(where: predicate)
    }
}

extension Headers: RandomAccessCollection {
    public typealias Index = Int

    @inlinable
    public var startIndex: Int { self.fields.startIndex }

    @inlinable
    public var endIndex: Int { self.fields.endIndex }

    @inlinable
    public subscript(position: Int) -> Field { self.fields[position] }
}

extension Headers: ExpressibleByDictionaryLiteral {
    /// Fields in literal order; a name may repeat.
    public init(dictionaryLiteral elements: (HeaderName, ByteString)...) {
        self.fields = elements.map { Field(name: $0.0, value: $0.1) }
    }
}

extension Headers: CustomStringConvertible {
    public var description: String {
        "[" + self.fields.map { "\($0.name): \($0.value.text)" }.joined(separator: ", ") + "]"
    }
}
