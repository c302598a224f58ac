import PAGI
import PAGISimple

extension SimpleExamples {
    /// simple-13-utf8: text that round-trips through a path parameter, the query string and a
    /// form body, shown with its character count, UTF-8 byte count and code points.
    static var utf8: SimpleApp {
        let app = SimpleApp(name: "PAGI::Simple UTF-8 Demo")
        let samples = ["λ", "🔥", "中文", "♥", "café"]

        /// The page, with the echoed text when there is some.
        @Sendable func page(echo: String?, source: String) -> Response {
            var echoSection = ""
            if let echo, !echo.isEmpty {
                let codePoints = echo.unicodeScalars.map { scalar in
                    let hex = String(scalar.value, radix: 16, uppercase: true)
                    return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
                }
                echoSection = """
                    <div class="echo">
                      <h2>Echo (from \(source)):</h2>
                      <pre>\(escapeHTML(echo))</pre>
                      <p>Characters: \(echo.unicodeScalars.count) | UTF-8 bytes: \(echo.utf8.count)</p>
                      <p>Codepoints: \(codePoints.joined(separator: " "))</p>
                    </div>
                    """
            }
            let links = samples.map { #"<a href="/echo/\#(PercentEncoding.encodeComponent($0))">\#($0)</a>"# }.joined(separator: " | ")
            return .html("""
                <!DOCTYPE html>
                <html><head><meta charset="UTF-8"><title>PAGI::Simple UTF-8</title></head>
                <body>
                <h1>UTF-8 Round Trip</h1>
                <p>Samples: λ (Greek) | 🔥 (emoji) | 中文 (CJK) | ♥ (symbol) | café (accented)</p>
                \(echoSection)
                <h2>1. Path</h2>
                <p>\(links)</p>
                <h2>2. Query string</h2>
                <form method="GET" action="/"><input name="text" value="λ 🔥 中文"> <button>GET</button></form>
                <h2>3. Form body</h2>
                <form method="POST" action="/"><textarea name="text" rows="3" cols="40">λ 🔥 中文 ♥ café</textarea><br><button>POST</button></form>
                </body></html>

                """)
        }

        /// The text to echo: from the query string, else from a form body.
        @Sendable func echo(_ context: Context) async throws -> (String?, String) {
            if let text = context.query["text"] { return (text, "query string") }
            if let text = try await context.param("text") { return (text, "POST body") }
            return (nil, "")
        }

        app.get("/") { context in
            let (text, source) = try await echo(context)
            return page(echo: text, source: source)
        }
        app.post("/") { context in
            let (text, source) = try await echo(context)
            return page(echo: text, source: source)
        }
        app.get("/echo/:text") { context in page(echo: context.parameter("text"), source: "path") }

        return app
    }
}
