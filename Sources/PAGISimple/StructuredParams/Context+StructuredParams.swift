import HTTPTypes
import NIOCore
import PAGI

extension Context {
    /// The query string as ``StructuredParams`` (`?filter.tags[]=a&page=2`).
    public func structuredQuery() -> StructuredParams {
        StructuredParams(pairs: self.query)
    }

    /// The body as ``StructuredParams``: a JSON object when the content type is JSON
    /// (`application/json`, `application/*+json`), a multipart form's text fields, otherwise
    /// an urlencoded form (as ``form(limit:)`` reads it); none for an empty body. 400 when a JSON body is not valid
    /// JSON or not an object, 413 over `limit`.
    public func structuredBody(limit: Int = 1 << 20) async throws -> StructuredParams {
        if self.headers[.contentType]?.lowercased().hasPrefix("multipart/form-data") == true {
            return StructuredParams(pairs: try await self.multipart().fields)
        }
        let body = try await self.body(limit: limit)
        guard body.readableBytes > 0 else { return StructuredParams() }
        guard self.hasJSONBody else { return StructuredParams(pairs: QueryParameters(ByteString(body))) }
        let value: ParamValue
        do {
            value = try ParamValue(json: body.readableBytesView)
        } catch {
            throw HTTPError(.badRequest, "The body is not valid JSON: \(Self.describe(error))")
        }
        guard case .object(let object) = value else { throw HTTPError(.badRequest, "The JSON body is not an object") }
        return StructuredParams(object)
    }

    /// The query's and the body's parameters together, the body's winning (Perl's
    /// `structured_data`): a key both have takes the body's value, except that two objects
    /// merge key by key. Errors as ``structuredBody(limit:)``.
    public func structuredData(limit: Int = 1 << 20) async throws -> StructuredParams {
        let body = try await self.structuredBody(limit: limit)
        return StructuredParams(self.structuredQuery().object.merging(body.object))
    }

    /// Whether the `Content-Type` is JSON: `application/json` or a `+json` type.
    private var hasJSONBody: Bool {
        guard let field = self.headers[.contentType] else { return false }
        let type = field.prefix { $0 != ";" }.filter { $0 != " " && $0 != "\t" }.lowercased()
        return type == "application/json" || (type.hasPrefix("application/") && type.hasSuffix("+json"))
    }
}
