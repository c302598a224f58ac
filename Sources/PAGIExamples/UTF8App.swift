public import PAGI

extension ExampleApps {
    /// UTF-8 round trips: text from the path (`/echo/λ`), the query (`?text=λ`), a form body
    /// (`text=λ`) or a WebSocket text message comes back as JSON with its characters, UTF-8
    /// byte count and code points, next to the raw bytes it arrived as. `GET /` without
    /// input answers a page with samples to try.
    public static let utf8: Application = { scope, receive, send in
        switch scope {
        case .http(let request):
            let body = try await readBody(from: receive)
            let found: (source: String, text: String)?
            if request.path.hasPrefix("/echo/") {
                found = ("path", String(request.path.dropFirst("/echo/".count)))
            } else if let text = formValue("text", in: request.queryString.text) {
                found = ("query string", text)
            } else if let text = formValue("text", in: String(decoding: body.readableBytesView, as: UTF8.self)) {
                found = ("body", text)
            } else {
                found = nil
            }
            guard let found else { return try await sendSamplesPage(send) }
            var report = describe(found.text, source: found.source)
            report["path"] = .string(request.path)
            report["raw_path"] = .bytes(request.rawPath)
            report["query_string"] = .bytes(request.queryString)
            let json = PAGIValue.object(report).jsonText
            try await send(.httpResponseStart(
                status: .ok,
                headers: ["content-type": "application/json; charset=utf-8", "content-length": "\(json.utf8.count)"]
            ))
            try await send(.httpResponseBody(json))
        case .websocket:
            guard case .websocketConnect = try await receive() else { return }
            try await send(.websocketAccept())
            while case .websocketReceive(let message) = try await receive() {
                guard case .text(let text) = message else { continue }
                try await send(.websocketSend(text: PAGIValue.object(describe(text, source: "websocket")).jsonText))
            }
        default:
            throw PAGIError.unsupportedScope(scope.type)
        }
    }

    /// The facts the report shows about `text`.
    static func describe(_ text: String, source: String) -> [String: PAGIValue] {
        [
            "source": .string(source),
            "text": .string(text),
            "characters": .int(Int64(text.count)),
            "utf8_bytes": .int(Int64(text.utf8.count)),
            "codepoints": .array(text.unicodeScalars.map { scalar in
                let hex = String(scalar.value, radix: 16, uppercase: true)
                return .string("U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex)
            }),
        ]
    }

    /// The decoded value of `name` in an `a=1&b=2` string (query or form body).
    static func formValue(_ name: String, in encoded: String) -> String? {
        for pair in encoded.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            if PercentEncoding.decodeComponent(parts[0]) == name {
                return PercentEncoding.decodeComponent(parts.count > 1 ? parts[1] : "")
            }
        }
        return nil
    }

    private static func sendSamplesPage(_ send: Send) async throws {
        let samples = ["λ", "🔥", "中文", "♥", "café"]
        let links = samples.map { "<a href=\"/echo/\(PercentEncoding.encodePath($0))\">\($0)</a>" }.joined(separator: " | ")
        let page = """
            <!DOCTYPE html><meta charset="utf-8"><title>PAGI UTF-8</title><h1>PAGI UTF-8 round trip</h1>
            <p>Path: \(links)</p>
            <form method="get"><input name="text" value="λ 🔥 中文"><button>GET</button></form>
            <form method="post"><textarea name="text">λ 🔥 中文 ♥ café</textarea><button>POST</button></form>
            """
        try await send(.httpResponseStart(
            status: .ok,
            headers: ["content-type": "text/html; charset=utf-8", "content-length": "\(page.utf8.count)"]
        ))
        try await send(.httpResponseBody(page))
    }
}
