/// Decodes a `Decodable` from a ``ParamValue``: objects as keyed containers, lists as unkeyed
/// ones, and single values through ``FormDecoder``'s text conversions, so that form text and
/// JSON alike fill numbers, `Bool`s and enums. A single value where a list is expected is a
/// list of one; a list of single values where one is expected gives its last (a repeated name).
struct ParamDecoder: Decoder {
    let value: ParamValue
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard case .object(let object) = self.value else { throw self.mismatch([String: Any].self, expected: "an object") }
        return KeyedDecodingContainer(ObjectContainer<Key>(object: object, codingPath: self.codingPath))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        switch self.value {
        case .list(let elements): return ListContainer(elements: elements, codingPath: self.codingPath)
        case .object, .null: throw self.mismatch([Any].self, expected: "a list")
        default: return ListContainer(elements: [self.value], codingPath: self.codingPath)
        }
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        if self.value.isScalar, let text = self.value.text { return TextValue(text: text, codingPath: self.codingPath) }
        return StructureValue(decoder: self)
    }

    func mismatch(_ type: Any.Type, expected: String) -> DecodingError {
        .typeMismatch(type, .init(codingPath: self.codingPath, debugDescription: "expected \(expected), found \(self.value.kindDescription)"))
    }
}

/// A coding key for an object's member or a list's position (`intValue` set), which
/// ``Context`` error messages show as `items[0]`.
struct ParamCodingKey: CodingKey {
    let stringValue: String
    let intValue: Int?

    init(_ name: String) {
        self.stringValue = name
        self.intValue = nil
    }

    init(index: Int) {
        self.stringValue = String(index)
        self.intValue = index
    }

    init?(stringValue: String) { self.init(stringValue) }
    init?(intValue: Int) { self.init(index: intValue) }
}

private struct ObjectContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let object: ParamObject
    let codingPath: [any CodingKey]
    var allKeys: [Key] { self.object.keys.compactMap { Key(stringValue: $0) } }

    func contains(_ key: Key) -> Bool { self.object[key.stringValue] != nil }

    func decodeNil(forKey key: Key) throws -> Bool { (self.object[key.stringValue] ?? .null) == .null }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        try T(from: self.decoder(for: key))
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        try self.decoder(for: key).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try self.decoder(for: key).unkeyedContainer()
    }

    func superDecoder() throws -> any Decoder {
        ParamDecoder(value: self.object["super"] ?? .null, codingPath: self.codingPath + [ParamCodingKey("super")])
    }

    func superDecoder(forKey key: Key) throws -> any Decoder {
        ParamDecoder(value: self.object[key.stringValue] ?? .null, codingPath: self.codingPath + [key])
    }

    private func decoder(for key: Key) throws -> ParamDecoder {
        guard let value = self.object[key.stringValue] else {
            throw DecodingError.keyNotFound(key, .init(codingPath: self.codingPath, debugDescription: "missing '\(key.stringValue)'"))
        }
        return ParamDecoder(value: value, codingPath: self.codingPath + [key])
    }
}

private struct ListContainer: UnkeyedDecodingContainer {
    let elements: [ParamValue]
    let codingPath: [any CodingKey]
    var currentIndex = 0
    var count: Int? { self.elements.count }
    var isAtEnd: Bool { self.currentIndex >= self.elements.count }

    mutating func decodeNil() throws -> Bool {
        guard !self.isAtEnd, self.elements[self.currentIndex] == .null else { return false }
        self.currentIndex += 1
        return true
    }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try T(from: self.nextDecoder())
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        try self.nextDecoder().container(keyedBy: type)
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        try self.nextDecoder().unkeyedContainer()
    }

    mutating func superDecoder() throws -> any Decoder {
        try self.nextDecoder()
    }

    private mutating func nextDecoder() throws -> ParamDecoder {
        let path = self.codingPath + [ParamCodingKey(index: self.currentIndex)]
        guard !self.isAtEnd else { throw DecodingError.valueNotFound(Any.self, .init(codingPath: path, debugDescription: "no more elements")) }
        defer { self.currentIndex += 1 }
        return ParamDecoder(value: self.elements[self.currentIndex], codingPath: path)
    }
}

/// The single value container of `null`, a list or an object: `nil` for `null`; a text type
/// from a list of single values (its last); any other type (a wrapper around an array, say)
/// from the value itself.
private struct StructureValue: SingleValueDecodingContainer {
    let decoder: ParamDecoder
    var codingPath: [any CodingKey] { self.decoder.codingPath }

    func decodeNil() -> Bool { self.decoder.value == .null }

    // One generic method stands for every concrete `decode` the protocol asks for.
    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        if self.decodeNil() {
            throw DecodingError.valueNotFound(T.self, .init(codingPath: self.codingPath, debugDescription: "found null"))
        }
        // A text type would come back here through its own init(from:), round and round.
        guard T.self is any LosslessStringConvertible.Type else { return try T(from: self.decoder) }
        guard let text = self.decoder.value.text else { throw self.decoder.mismatch(T.self, expected: "a single value") }
        return try TextValue(text: text, codingPath: self.codingPath).decode(T.self)
    }
}

extension ParamValue {
    /// What a value is, for error messages.
    fileprivate var kindDescription: String {
        switch self {
        case .string: return "text"
        case .number: return "a number"
        case .bool: return "a Boolean"
        case .null: return "null"
        case .list: return "a list"
        case .object: return "an object"
        }
    }
}
