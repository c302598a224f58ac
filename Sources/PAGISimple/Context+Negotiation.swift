import HTTPTypes
import PAGI
import PAGIMiddleware

extension Context {
    /// The media type among `candidates` (full types, or the short names of
    /// ``PAGIMiddleware/AcceptHeader/mediaType(_:)``) that the request's `Accept` prefers:
    /// the highest quality, the most specific range deciding a type's quality (RFC 9110
    /// §12.5.1), ties going to the earlier candidate; the first candidate when there is no
    /// `Accept`; `nil` when none is acceptable.
    public func preferredType(among candidates: [String]) -> String? {
        AcceptHeader(self.headers).preferred(among: candidates)
    }

    /// Whether the request accepts `type` (a full type or a short name).
    public func accepts(_ type: String) -> Bool {
        self.preferredType(among: [type]) != nil
    }

    /// The response of the first preferred type among `options`; when the client accepts none
    /// of them, the `"any"` option if there is one, else 406 Not Acceptable listing the types
    /// there are. The response gets `Vary: Accept`.
    ///
    /// ```swift
    /// try await context.respond(to: [
    ///     "html": { .html("<p>\(user.name)</p>") },
    ///     "json": { try .json(user) },
    /// ])
    /// ```
    public func respond(to options: KeyValuePairs<String, @Sendable () async throws -> Response>) async throws -> Response {
        let types = options.map(\.key).filter { $0 != "any" }
        let chosen = self.preferredType(among: types) ?? "any"
        guard let respond = options.first(where: { $0.key == chosen })?.value else {
            throw HTTPError(.notAcceptable, "Not Acceptable. Available: \(types.map { AcceptHeader.mediaType($0) }.joined(separator: ", "))")
        }
        return try await respond().header("vary", "Accept")
    }

    /// The request's `Accept` ranges, most preferred first (by quality, then by the order
    /// given): `[("text/html", 1.0), ("application/json", 0.9), ("*/*", 0.1)]`.
    public var acceptedTypes: [(type: String, quality: Double)] {
        AcceptHeader(self.headers).inPreferenceOrder.map { ("\($0.type)/\($0.subtype)", $0.quality) }
    }
}
