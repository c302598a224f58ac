public import PAGI

/// Parses JSON request bodies (`application/json` and `application/*+json`) into the scope:
/// `request[.parsedJSON]` (a ``JSONValue``) and `request[.rawBody]`. A body that is not JSON
/// answers 400 with the parser's reason, one over `maxSize` (1 MiB) 413; the application
/// still reads the body itself, unchanged. An empty body is not parsed. It needs the whole
/// body, so it holds it (up to `maxSize`).
///
/// - `maxSize`: 1 MiB. `contentTypes`: the media types to parse (JSON and `+json` types).
public struct JSONBody: Middleware {
    let parsing: BodyParsing

    public init(maxSize: Int = 1 << 20, contentTypes: [String]? = nil) {
        let types = contentTypes.map { Set($0.map { $0.lowercased() }) }
        self.parsing = BodyParsing(
            maxSize: maxSize,
            accepts: { type in types?.contains(type) ?? (type == "application/json" || (type.hasPrefix("application/") && type.hasSuffix("+json"))) },
            parse: { body, request in
                do {
                    request[.parsedJSON] = try JSONValue(json: body.readableBytesView)
                    return nil
                } catch {
                    return "The body is not valid JSON"
                }
            }
        )
    }

    public func wrap(_ app: @escaping Application) -> Application { self.parsing.wrap(app) }
}
