#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import NIOCore
import PAGI

extension Context {
    /// The body decoded from JSON as `type`: 400 with the decoder's reason when it is not JSON
    /// of that shape, 413 over `limit`.
    public func json<T: Decodable>(as type: T.Type = T.self, limit: Int = 1 << 20) async throws -> T {
        let body = try await self.body(limit: limit)
        do {
            return try JSONDecoder().decode(T.self, from: Data(body.readableBytesView))
        } catch {
            throw HTTPError(.badRequest, "The body is not valid JSON for this request: \(Self.describe(error))")
        }
    }

    /// The body as an `application/x-www-form-urlencoded` form (as the query string is read).
    public func form(limit: Int = 1 << 20) async throws -> QueryParameters {
        QueryParameters(ByteString(try await self.body(limit: limit)))
    }

    /// The form body decoded as `type` (each property from the field of the same name; see
    /// ``FormDecoder``): 400 with the reason when it does not fit.
    public func form<T: Decodable>(as type: T.Type, limit: Int = 1 << 20) async throws -> T {
        try Self.decodePairs(T.self, from: try await self.form(limit: limit), what: "form")
    }

    /// The query string decoded as `type`, like ``form(as:limit:)``.
    public func query<T: Decodable>(as type: T.Type) throws -> T {
        try Self.decodePairs(T.self, from: self.query, what: "query string")
    }

    private static func decodePairs<T: Decodable>(_ type: T.Type, from pairs: QueryParameters, what: String) throws -> T {
        do {
            return try FormDecoder().decode(T.self, from: pairs)
        } catch {
            throw HTTPError(.badRequest, "The \(what) does not fit this request: \(Self.describe(error))")
        }
    }

    /// The request's cookies (`Cookie` fields, `name=value` pairs); the first value of a name wins.
    public var cookies: [String: String] {
        var cookies: [String: String] = [:]
        for field in self.headers where field.name == .cookie {
            for pair in field.value.text.split(separator: ";") {
                let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                let name = String(parts[0].trimmed)
                guard !name.isEmpty, cookies[name] == nil else { continue }
                var value = parts.count > 1 ? String(parts[1].trimmed) : ""
                if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") { value = String(value.dropFirst().dropLast()) }
                cookies[name] = value
            }
        }
        return cookies
    }

    /// A decoding error for a 400's message, naming the key path (`items[0].qty`).
    static func describe(_ error: any Error) -> String {
        switch error {
        case DecodingError.dataCorrupted(let context) where context.codingPath.isEmpty: return context.debugDescription
        case DecodingError.dataCorrupted(let context): return "invalid value at '\(Self.keyPath(context.codingPath))' (\(context.debugDescription))"
        case DecodingError.keyNotFound(let key, let context): return "missing '\(Self.keyPath(context.codingPath + [key]))'"
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
            return "wrong type at '\(Self.keyPath(context.codingPath))' (\(context.debugDescription))"
        default: return "\(error)"
        }
    }

    /// `codingPath` in the notation of structured parameters: names joined by dots, list
    /// positions in brackets.
    private static func keyPath(_ codingPath: [any CodingKey]) -> String {
        var path = ""
        for key in codingPath {
            if let index = key.intValue {
                path += "[\(index)]"
            } else {
                path += path.isEmpty ? key.stringValue : "." + key.stringValue
            }
        }
        return path
    }
}

extension Substring {
    /// Without leading and trailing spaces and tabs.
    fileprivate var trimmed: Substring {
        var start = self.startIndex
        var end = self.endIndex
        while start < end, self[start] == " " || self[start] == "\t" { start = self.index(after: start) }
        while end > start, self[self.index(before: end)] == " " || self[self.index(before: end)] == "\t" { end = self.index(before: end) }
        return self[start..<end]
    }
}
