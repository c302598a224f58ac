#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension ParamValue: Decodable {
    /// Any JSON value (through `JSONDecoder`). Numbers keep the digits of an integer and the
    /// shortest text of any other number; an object's keys come sorted by name (JSON objects
    /// are unordered).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let bool = try? container.decode(Bool.self) {
            self = .bool(bool)
        } else if let integer = try? container.decode(Int64.self) {
            self = .number(String(integer))
        } else if let number = try? container.decode(Double.self) {
            self = .number(String(number))
        } else if let text = try? container.decode(String.self) {
            self = .string(text)
        } else if let list = try? container.decode([ParamValue].self) {
            self = .list(list)
        } else {
            let members = try container.decode([String: ParamValue].self)
            self = .object(ParamObject(members.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }))
        }
    }

    /// The JSON document in `bytes`.
    init(json bytes: some Sequence<UInt8>) throws {
        self = try JSONDecoder().decode(ParamValue.self, from: Data(bytes))
    }
}
