/// Decodes a `Decodable` from name-value pairs (a query string or an urlencoded form): each
/// property from the value of the same name, converted from text (`String`, integers,
/// floating-point numbers, `Bool` as `true/false/1/0/on/off/yes/no`, anything
/// anything else through its own `Decodable` conformance on that text); an array from every
/// value of its name; an optional is `nil` when the name is absent. Nested objects need
/// structured parameters (``StructuredParams``, whose decoder converts text with ``TextValue``).
struct FormDecoder {
    func decode<T: Decodable>(_ type: T.Type, from parameters: QueryParameters) throws -> T {
        var values: [String: [String]] = [:]
        for (name, value) in parameters { values[name, default: []].append(value) }
        return try T(from: PairsDecoder(values: values, codingPath: []))
    }
}

/// The decoder of the whole set of pairs (a keyed container), or of one name's values.
private struct PairsDecoder: Decoder {
    let values: [String: [String]]
    let codingPath: [any CodingKey]
    /// The values of the name being decoded, when this decoder stands for one name.
    var field: [String]?
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard self.field == nil else {
            throw DecodingError.typeMismatch([String: Any].self, .init(codingPath: self.codingPath, debugDescription: "a nested object needs structured parameters"))
        }
        return KeyedDecodingContainer(PairsContainer<Key>(decoder: self))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard let field else {
            throw DecodingError.typeMismatch([Any].self, .init(codingPath: self.codingPath, debugDescription: "a list at the top level"))
        }
        return ValuesContainer(values: field, codingPath: self.codingPath)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        guard let first = self.field?.first else {
            throw DecodingError.valueNotFound(String.self, .init(codingPath: self.codingPath, debugDescription: "no value"))
        }
        return TextValue(text: first, codingPath: self.codingPath)
    }
}

private struct PairsContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let decoder: PairsDecoder
    var codingPath: [any CodingKey] { self.decoder.codingPath }
    var allKeys: [Key] { self.decoder.values.keys.compactMap { Key(stringValue: $0) } }

    func contains(_ key: Key) -> Bool { self.decoder.values[key.stringValue] != nil }

    func decodeNil(forKey key: Key) throws -> Bool { self.decoder.values[key.stringValue] == nil }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        guard let field = self.decoder.values[key.stringValue] else {
            throw DecodingError.keyNotFound(key, .init(codingPath: self.codingPath, debugDescription: "missing '\(key.stringValue)'"))
        }
        return try T(from: PairsDecoder(values: self.decoder.values, codingPath: self.codingPath + [key], field: field))
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        throw DecodingError.typeMismatch([String: Any].self, .init(codingPath: self.codingPath + [key], debugDescription: "a nested object needs structured parameters"))
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        ValuesContainer(values: self.decoder.values[key.stringValue] ?? [], codingPath: self.codingPath + [key])
    }

    func superDecoder() throws -> any Decoder { self.decoder }
    func superDecoder(forKey key: Key) throws -> any Decoder { self.decoder }
}

/// Every value of one name, as a list.
private struct ValuesContainer: UnkeyedDecodingContainer {
    let values: [String]
    let codingPath: [any CodingKey]
    var currentIndex = 0
    var count: Int? { self.values.count }
    var isAtEnd: Bool { self.currentIndex >= self.values.count }

    init(values: [String], codingPath: [any CodingKey]) {
        self.values = values
        self.codingPath = codingPath
    }

    mutating func decodeNil() throws -> Bool { false }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        guard !self.isAtEnd else { throw DecodingError.valueNotFound(T.self, .init(codingPath: self.codingPath, debugDescription: "no more values")) }
        defer { self.currentIndex += 1 }
        return try T(from: PairsDecoder(values: [:], codingPath: self.codingPath, field: [self.values[self.currentIndex]]))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        throw DecodingError.typeMismatch([String: Any].self, .init(codingPath: self.codingPath, debugDescription: "a nested object needs structured parameters"))
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        throw DecodingError.typeMismatch([Any].self, .init(codingPath: self.codingPath, debugDescription: "a list of lists"))
    }

    mutating func superDecoder() throws -> any Decoder {
        PairsDecoder(values: [:], codingPath: self.codingPath, field: self.values)
    }
}

/// One value, as text converted on demand.
struct TextValue: SingleValueDecodingContainer {
    let text: String
    let codingPath: [any CodingKey]

    func decodeNil() -> Bool { false }
    func decode(_ type: String.Type) throws -> String { self.text }

    func decode(_ type: Bool.Type) throws -> Bool {
        switch self.text.lowercased() {
        case "true", "1", "on", "yes": return true
        case "false", "0", "off", "no", "": return false
        default: throw self.mismatch(Bool.self)
        }
    }

    func decode(_ type: Double.Type) throws -> Double { try self.convert() }
    func decode(_ type: Float.Type) throws -> Float { try self.convert() }
    func decode(_ type: Int.Type) throws -> Int { try self.convert() }
    func decode(_ type: Int8.Type) throws -> Int8 { try self.convert() }
    func decode(_ type: Int16.Type) throws -> Int16 { try self.convert() }
    func decode(_ type: Int32.Type) throws -> Int32 { try self.convert() }
    func decode(_ type: Int64.Type) throws -> Int64 { try self.convert() }
    func decode(_ type: UInt.Type) throws -> UInt { try self.convert() }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try self.convert() }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try self.convert() }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try self.convert() }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try self.convert() }

    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try T(from: PairsDecoder(values: [:], codingPath: self.codingPath, field: [self.text]))
    }

    private func convert<T: LosslessStringConvertible>() throws -> T {
        guard let value = T(self.text) else { throw self.mismatch(T.self) }
        return value
    }

    private func mismatch(_ type: Any.Type) -> DecodingError {
        .typeMismatch(type, .init(codingPath: self.codingPath, debugDescription: "'\(self.text)' is not a \(type)"))
    }
}
