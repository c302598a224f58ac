#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import PAGI
public import PAGISimple

extension SimpleExamples {
    /// simple-10-logging: one access log line per request in the combined format, on standard
    /// error (or to `output`), except for `/health` and `/metrics`; handlers log through
    /// `context.logger`. `/slow` takes `slowDelay` (a second), `/error` fails with a 500.
    public static func logging(output: AccessLog.Output = .file(.standardError), slowDelay: Duration = .seconds(1)) -> SimpleApp {
        let app = SimpleApp(name: "Logging Demo")
        let started = ContinuousClock.now
        app.logRequests(format: .combined, to: output, skipPaths: ["/health", "/metrics"])

        app.get("/") { _ in .html(loggingPage) }
        app.get("/users") { _ in
            try .json(["users": [LoggedUser(id: 1, name: "Alice"), LoggedUser(id: 2, name: "Bob"), LoggedUser(id: 3, name: "Charlie")]])
        }
        app.get("/users/:id") { context in
            let id = context.parameter("id") ?? ""
            context.logger.debug("Looking up user \(id)")
            return try .json(["user": ["id": id, "name": "User \(id)"]])
        }
        app.get("/search") { context in
            try .json(Search(query: context.query["q"] ?? "", page: context.query["page"] ?? "1", results: []))
        }
        app.get("/api/data") { _ in try .json(DataAnswer(status: "ok", data: [1, 2, 3])) }
        app.get("/slow") { _ in
            try await Task.sleep(for: slowDelay)
            return try .json(["message": "This took a while!"])
        }
        app.get("/error") { context in
            context.logger.error("About to simulate an error")
            struct SimulatedFailure: Error {}
            throw SimulatedFailure()
        }
        app.get("/health") { _ in try .json(["status": "healthy"]) }
        app.get("/metrics") { _ in
            try .json(Metrics(uptime: started.duration(to: .now).components.seconds, requests: 0))
        }
        return app
    }

    private struct LoggedUser: Encodable { let id: Int; let name: String }
    private struct Search: Encodable { let query: String; let page: String; let results: [String] }
    private struct DataAnswer: Encodable { let status: String; let data: [Int] }
    private struct Metrics: Encodable { let uptime: Int64; let requests: Int }

    private static let loggingPage = """
        <!DOCTYPE html>
        <html><head><meta charset="utf-8"><title>Logging Demo</title>
        <style>body { font-family: sans-serif; max-width: 800px; margin: 50px auto; }</style>
        </head><body>
        <h1>Request Logging Demo</h1>
        <p>Follow these links and watch the server's standard error:</p>
        <ul>
        <li><a href="/">Home page</a></li>
        <li><a href="/users">Users list</a></li>
        <li><a href="/users/42">User #42</a></li>
        <li><a href="/search?q=swift&amp;page=1">Search</a></li>
        <li><a href="/api/data">API endpoint</a></li>
        <li><a href="/slow">Slow endpoint (1 s)</a></li>
        <li><a href="/error">Error endpoint (500)</a></li>
        </ul>
        <p>Not logged: <a href="/health">/health</a>, <a href="/metrics">/metrics</a>.</p>
        </body></html>

        """
}
