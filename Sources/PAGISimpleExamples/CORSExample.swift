import PAGI
import PAGISimple

extension SimpleExamples {
    /// simple-09-cors: an API open to pages of other origins. CORS for the whole application
    /// (`app.cors`: any origin, the listed methods and headers, `X-Request-ID` and
    /// `X-RateLimit-Remaining` readable by scripts, preflight answers cached for a day), and
    /// `/api/special` with rules of its own (one trusted origin, with credentials).
    static var corsDemo: SimpleApp {
        let app = SimpleApp(name: "CORS Demo")
        app.cors(
            origins: .any,
            methods: [.get, .post, .put, .delete, .patch],
            headers: ["Content-Type", "Authorization", "X-Request-ID"],
            exposedHeaders: ["X-Request-ID", "X-RateLimit-Remaining"],
            credentials: false,
            maxAge: .seconds(86_400)
        )

        app.get("/") { _ in .html(corsPage) }

        app.get("/api/data") { _ in
            try Response.json(Items(status: "ok", data: (1...3).map { Item(id: $0, name: "Item \($0)") }))
                .header("x-request-id", "12345")
                .header("x-ratelimit-remaining", "99")
        }
        app.post("/api/data") { _ in
            try .json(Change(status: "created", id: "4", message: "Item created successfully"), status: .created)
        }
        app.put("/api/data/:id") { context in
            let id = context.parameter("id") ?? ""
            return try .json(Change(status: "updated", id: id, message: "Item \(id) updated"))
        }
        app.delete("/api/data/:id") { context in
            let id = context.parameter("id") ?? ""
            return try .json(Change(status: "deleted", id: id, message: "Item \(id) deleted"))
        }
        // This route answers CORS itself: one trusted origin, cookies allowed.
        app.get("/api/special") { _ in
            try Response.json(["message": "This endpoint has custom CORS settings"])
                .cors(origin: "https://trusted-app.example.com", credentials: true)
        }
        return app
    }

    private struct Item: Encodable { let id: Int; let name: String }
    private struct Items: Encodable { let status: String; let data: [Item] }
    private struct Change: Encodable { let status: String; let id: String; let message: String }

    private static let corsPage = """
        <!DOCTYPE html>
        <html><head><meta charset="utf-8"><title>CORS Demo</title>
        <style>body { font-family: sans-serif; max-width: 900px; margin: 50px auto; } pre { background: #222; color: #0f0; padding: 15px; }
        #result { margin-top: 15px; padding: 10px; border: 1px solid #ccc; min-height: 50px; white-space: pre-wrap; }</style>
        </head><body>
        <h1>CORS Demo</h1>
        <p>Open this page from another origin (or use curl) to see the CORS fields.</p>
        <button onclick="call('GET', '/api/data')">GET /api/data</button>
        <button onclick="call('POST', '/api/data', {name: 'test'})">POST /api/data</button>
        <button onclick="call('PUT', '/api/data/1', {name: 'updated'})">PUT /api/data/1</button>
        <button onclick="call('DELETE', '/api/data/1')">DELETE /api/data/1</button>
        <div id="result">Results will appear here...</div>
        <h2>With curl</h2>
        <pre>curl -i -H "Origin: https://example.com" http://localhost:5000/api/data
        curl -i -X OPTIONS -H "Origin: https://example.com" -H "Access-Control-Request-Method: POST" \\
             -H "Access-Control-Request-Headers: Content-Type" http://localhost:5000/api/data</pre>
        <script>
        async function call(method, url, body) {
            const options = {method, headers: {'Content-Type': 'application/json'}};
            if (body) options.body = JSON.stringify(body);
            const response = await fetch(url, options);
            const exposed = ['X-Request-ID', 'X-RateLimit-Remaining'].map(h => h + ': ' + response.headers.get(h)).join('\\n');
            document.getElementById('result').textContent = method + ' ' + url + ' → ' + response.status + '\\n' + exposed + '\\n' + await response.text();
        }
        </script>
        </body></html>

        """
}
