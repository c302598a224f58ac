#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import NIOCore
import PAGI
import PAGIMiddleware

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

    /// The urlencoded form body strictly decoded: 400 when a name or value is not UTF-8
    /// (``form(limit:)`` replaces such bytes with U+FFFD instead).
    public func strictForm(limit: Int = 1 << 20) async throws -> QueryParameters {
        guard let form = QueryParameters(strictlyDecoding: ByteString(try await self.body(limit: limit))) else {
            throw HTTPError(.badRequest, "The form is not valid UTF-8")
        }
        return form
    }

    /// The urlencoded form body's pairs as bytes, percent-decoded but not decoded as text.
    public func rawForm(limit: Int = 1 << 20) async throws -> [(name: [UInt8], value: [UInt8])] {
        QueryParameters.rawPairs(ByteString(try await self.body(limit: limit)))
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

    /// The parameter `name` from the first place that has it: the path, the query, then a
    /// form body, urlencoded (read up to `limit`) or multipart (its text fields, read with
    /// the default ``MultipartLimits``); other bodies are not looked at.
    public func param(_ name: String, limit: Int = 1 << 20) async throws -> String? {
        if let value = self.pathParameters[name] ?? self.query[name] { return value }
        let type = self.header(.contentType)?.lowercased() ?? ""
        if type.hasPrefix("application/x-www-form-urlencoded") { return try await self.form(limit: limit)[name] }
        if type.hasPrefix("multipart/form-data") { return try await self.multipart().fields[name] }
        return nil
    }

    /// The request's cookies (`Cookie` fields, `name=value` pairs), values percent-decoded
    /// (the encoding ``Cookie`` applies); the first value of a name wins (see
    /// ``PAGIMiddleware/RequestCookies``).
    public var cookies: [String: String] {
        RequestCookies(headers: self.headers).values
    }

    /// A decoding error for a 400's message, naming the key path (`items[0].qty`).
    static func describe(_ error: any Error) -> String {
        switch error {
        case DecodingError.dataCorrupted(let context) where context.codingPath.isEmpty:
            // Not JSON at all: the parser's own error says where.
            return context.underlyingError.map { "\($0)" } ?? context.debugDescription
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
