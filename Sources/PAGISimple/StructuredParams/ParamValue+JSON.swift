import PAGIMiddleware

extension ParamValue: Decodable {
    /// Any JSON value (through the middleware library's ``JSONValue``). Numbers keep the
    /// digits of an integer and the shortest text of any other number; an object's keys come
    /// sorted by name (JSON objects are unordered).
    public init(from decoder: any Decoder) throws {
        self.init(try JSONValue(from: decoder))
    }

    /// The JSON document in `bytes`.
    init(json bytes: some Sequence<UInt8>) throws {
        self.init(try JSONValue(json: bytes))
    }

    /// `json` as parameters.
    init(_ json: JSONValue) {
        switch json {
        case .null: self = .null
        case .bool(let value): self = .bool(value)
        case .integer(let value): self = .number(String(value))
        case .number(let value): self = .number(String(value))
        case .string(let value): self = .string(value)
        case .array(let elements): self = .list(elements.map(ParamValue.init))
        case .object(let members): self = .object(ParamObject(members.sorted { $0.key < $1.key }.map { ($0.key, ParamValue($0.value)) }))
        }
    }
}
