#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import PAGI
import PAGISimple

extension SimpleExamples {
    /// simple-01-hello: text, a path parameter, JSON, HTML, a query parameter, a status with a
    /// custom header, a redirect, and a JSON 404.
    static var hello: SimpleApp {
        let app = SimpleApp(name: "Hello World")

        app.get("/") { _ in .text("Hello, World!") }

        app.get("/greet/:name") { context in .text("Hello, \(context.parameter("name") ?? "")!") }

        app.get("/json") { _ in
            struct Greeting: Encodable {
                let message: String
                let timestamp: Int
            }
            return try .json(Greeting(message: "Hello, World!", timestamp: Int(Date().timeIntervalSince1970)))
        }

        app.get("/html") { _ in
            .html("""
                <!DOCTYPE html>
                <html>
                <head><title>Hello</title></head>
                <body>
                    <h1>Hello, World!</h1>
                    <p>Welcome to PAGI::Simple!</p>
                </body>
                </html>

                """)
        }

        app.get("/search") { context in
            struct Results: Encodable {
                let query: String
                let results: [String]
            }
            let query = context.query["q"] ?? ""
            return try .json(Results(query: query, results: ["Result for: \(query)"]))
        }

        app.get("/created") { _ in
            try Response.json(["status": "created"], status: .created).header("x-custom-header", "Custom Value")
        }

        app.get("/old-path") { _ in .redirect(to: "/") }

        app.error(.notFound) { context, _ in
            try .json(["error": "Not Found", "path": context.path], status: .notFound)
        }
        return app
    }
}
