public import PAGI

/// Parses `application/x-www-form-urlencoded` request bodies into the scope:
/// `request[.parsedForm]` (a ``QueryParameters``, invalid UTF-8 replaced with U+FFFD, or with
/// `strict` a 400) and `request[.rawBody]`; 413 over `maxSize` (1 MiB). The application still
/// reads the body itself, unchanged. It needs the whole body, so it holds it.
public struct FormBody: Middleware {
    let parsing: BodyParsing

    public init(maxSize: Int = 1 << 20, strict: Bool = false) {
        self.parsing = BodyParsing(
            maxSize: maxSize,
            accepts: { $0 == "application/x-www-form-urlencoded" },
            parse: { body, request in
                let raw = ByteString(body)
                guard let form = strict ? QueryParameters(strictlyDecoding: raw) : QueryParameters(raw) else { return "The form is not valid UTF-8" }
                request[.parsedForm] = form
                return nil
            }
        )
    }

    public func wrap(_ app: @escaping Application) -> Application { self.parsing.wrap(app) }
}
