#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import PAGI
import PAGISimple

extension SimpleExamples {
    struct User: Codable, Sendable {
        let id: Int
        let name: String
        let email: String
    }

    /// simple-06-negotiation: one resource in several representations, chosen by `Accept`
    /// (JSON, HTML, XML, plain text as the fallback), a detection page, a JSON-only API that
    /// answers 406, and error pages that negotiate too.
    static var negotiation: SimpleApp {
        let app = SimpleApp(name: "Content Negotiation Demo")
        let users = [
            User(id: 1, name: "Alice", email: "alice@example.com"),
            User(id: 2, name: "Bob", email: "bob@example.com"),
            User(id: 3, name: "Charlie", email: "charlie@example.com"),
        ]

        app.get("/") { _ in
            .html("""
                <!DOCTYPE html>
                <html><head><title>Content Negotiation Demo</title></head><body>
                <h1>Content Negotiation Demo</h1>
                <p>Each endpoint answers in the format your <code>Accept</code> header prefers.</p>
                <ul>
                <li><code>curl -H "Accept: text/html" http://localhost:5000/users</code>: JSON, HTML or text</li>
                <li><code>curl -H "Accept: application/xml" http://localhost:5000/users/1</code>: JSON, HTML, XML or text</li>
                <li><code>curl http://localhost:5000/status</code>: JSON, text or HTML</li>
                <li><a href="/detect">/detect</a>: what the server makes of your request</li>
                <li><code>curl -H "Accept: text/html" http://localhost:5000/api/data</code>: JSON only, else 406</li>
                </ul>
                </body></html>

                """)
        }

        app.get("/users") { context in
            struct List: Encodable { let users: [User]; let count: Int }
            return try await context.respond(to: [
                "json": { try .json(List(users: users, count: users.count)) },
                "html": {
                    let rows = users.map { "<tr><td>\($0.id)</td><td>\($0.name)</td><td>\($0.email)</td></tr>" }.joined()
                    return .html("""
                        <!DOCTYPE html>
                        <html><head><title>Users</title></head><body>
                        <h1>Users</h1>
                        <table><tr><th>ID</th><th>Name</th><th>Email</th></tr>\(rows)</table>
                        <p><a href="/">Back to Home</a></p>
                        </body></html>

                        """)
                },
                "any": { .text("Users: " + users.map(\.name).joined(separator: ", ")) },
            ])
        }

        app.get("/users/:id") { context in
            let id = try context.parameter("id", as: Int.self)
            guard let user = users.first(where: { $0.id == id }) else { try abort(.notFound, "User \(id) not found") }
            return try await context.respond(to: [
                "json": { try .json(user) },
                "html": {
                    .html("""
                        <!DOCTYPE html>
                        <html><head><title>User: \(user.name)</title></head><body>
                        <h2>\(user.name)</h2><p><strong>ID:</strong> \(user.id)</p><p><strong>Email:</strong> \(user.email)</p>
                        <p><a href="/users">Back to Users</a></p>
                        </body></html>

                        """)
                },
                "xml": {
                    Response(headers: ["content-type": "application/xml"], body: .init(string: """
                        <?xml version="1.0" encoding="UTF-8"?>
                        <user>
                            <id>\(user.id)</id>
                            <name>\(user.name)</name>
                            <email>\(user.email)</email>
                        </user>

                        """))
                },
                "any": { .text("User: \(user.name) <\(user.email)>") },
            ])
        }

        app.get("/status") { context in
            struct Status: Encodable { let status: String; let timestamp: Int }
            return try await context.respond(to: [
                "json": { try .json(Status(status: "healthy", timestamp: Int(Date().timeIntervalSince1970))) },
                "text": { .text("Status: healthy\n") },
                "html": { .html("<html><body><h1>Status: Healthy</h1></body></html>") },
                "any": { .text("OK") },
            ])
        }

        app.get("/detect") { context in
            /// `["text/html", 0.9]`, as the Perl example writes an accepted type.
            struct Accepted: Encodable {
                let type: String
                let quality: Double
                func encode(to encoder: any Encoder) throws {
                    var pair = encoder.unkeyedContainer()
                    try pair.encode(self.type)
                    try pair.encode(self.quality)
                }
            }
            struct Detection: Encodable {
                let client_type: String
                let user_agent: String
                let accept_header: String
                let parsed_accepts: [Accepted]
                let preferred_type: String
                let accepts_json: Int
                let accepts_html: Int
            }
            let accept = context.header(.accept) ?? ""
            let agent = context.header(.userAgent) ?? ""
            let preferred = context.preferredType(among: ["json", "html", "xml", "text"]) ?? "none"
            let detection = Detection(
                client_type: Self.clientType(agent), user_agent: agent, accept_header: accept,
                parsed_accepts: context.acceptedTypes.map { Accepted(type: $0.type, quality: $0.quality) },
                preferred_type: preferred, accepts_json: context.accepts("json") ? 1 : 0, accepts_html: context.accepts("html") ? 1 : 0
            )
            return try await context.respond(to: [
                "json": { try .json(detection) },
                "html": {
                    let accepts = detection.parsed_accepts.map { "  - \($0.type) (q=\(Self.twoDecimals($0.quality)))" }.joined(separator: "\n")
                    return .html("""
                        <!DOCTYPE html>
                        <html><head><title>Request Detection</title></head><body>
                        <h1>Request Detection</h1>
                        <h3>Client Type: \(detection.client_type)</h3>
                        <p><strong>User-Agent:</strong> <code>\(agent)</code></p>
                        <h3>Accept Header</h3><p><code>\(accept)</code></p>
                        <h3>Parsed Accepts (sorted by preference)</h3><pre>\(accepts)</pre>
                        <p><strong>Preferred type from [json, html, xml, text]:</strong> \(preferred)</p>
                        <p><strong>Accepts JSON:</strong> \(detection.accepts_json == 1 ? "Yes" : "No")</p>
                        <p><strong>Accepts HTML:</strong> \(detection.accepts_html == 1 ? "Yes" : "No")</p>
                        <p><a href="/">Back to Home</a></p>
                        </body></html>

                        """)
                },
                "any": {
                    .text("""
                        Client Detection
                        ================
                        Client Type: \(detection.client_type)
                        User-Agent: \(agent)
                        Accept Header: \(accept)
                        Preferred Type: \(preferred)

                        """)
                },
            ])
        }

        app.get("/api/data") { context in
            // JSON only: no fallback, so anything else is 406.
            try await context.respond(to: ["json": { try .json(["data": "secret", "version": "1.0"]) }])
        }

        app.error(.notFound) { context, error in
            try await context.respond(to: [
                "json": { try .json(["error": "Not Found", "message": error.message], status: .notFound) },
                "html": { .html("<html><body><h1>404 Not Found</h1><p>\(error.message)</p></body></html>", status: .notFound) },
                "any": { .text("Not Found: \(error.message)", status: .notFound) },
            ])
        }

        app.error(.notAcceptable) { _, _ in
            struct NotAcceptable: Encodable { let error: String; let message: String; let supported: [String] }
            return try .json(
                NotAcceptable(error: "Not Acceptable", message: "The requested format is not supported", supported: ["application/json"]),
                status: .notAcceptable
            )
        }

        return app
    }

    /// `0.9` as `0.90`.
    private static func twoDecimals(_ value: Double) -> String {
        let hundredths = Int((value * 100).rounded())
        return "\(hundredths / 100).\(hundredths % 100 < 10 ? "0" : "")\(hundredths % 100)"
    }

    /// What kind of client a `User-Agent` names.
    private static func clientType(_ agent: String) -> String {
        let lowered = agent.lowercased()
        if lowered.contains("curl") { return "curl" }
        if ["mozilla", "chrome", "safari", "firefox", "edge"].contains(where: lowered.contains) { return "Browser" }
        if lowered.contains("wget") { return "wget" }
        return "Unknown"
    }
}
