import HTTPTypes
import NIOCore
import PAGI
import PAGISimple
import PAGITesting
import Testing

@Suite struct NegotiationTests {
    static let client: TestClient = {
        let app = SimpleApp()
        app.get("/user") { context in
            try await context.respond(to: [
                "html": { .html("<p>Ada</p>") },
                "json": { try .json(["name": "Ada"]) },
            ])
        }
        app.get("/status") { context in
            try await context.respond(to: ["json": { try .json(["status": "ok"]) }, "any": { .text("OK") }])
        }
        app.get("/accepts") { context in
            .text(context.acceptedTypes.map { "\($0.type)=\($0.quality)" }.joined(separator: " ") + " \(context.accepts("png")) \(context.accepts("rss"))")
        }
        app.get("/prefers") { context in
            .text(context.preferredType(among: ["text/html", "application/json", "text/plain"]) ?? "none")
        }
        return TestClient(app: app.application)
    }()

    @Test func theClientsPreferenceChoosesTheRepresentation() async throws {
        let json = try await Self.client.get("/user", headers: ["accept": "application/json"])
        #expect(json.text == #"{"name":"Ada"}"# && json.headers.first("vary")?.text == "Accept")
        #expect(try await Self.client.get("/user", headers: ["accept": "text/html;q=0.5, application/*;q=0.9"]).text == #"{"name":"Ada"}"#)
        #expect(try await Self.client.get("/user", headers: ["accept": "*/*"]).text == "<p>Ada</p>")
        #expect(try await Self.client.get("/user").text == "<p>Ada</p>")
    }

    @Test func nothingAcceptableIs406() async throws {
        let refused = try await Self.client.get("/user", headers: ["accept": "image/png"])
        #expect(refused.status == .notAcceptable)
        #expect(refused.text == "Not Acceptable. Available: text/html, application/json")
    }

    @Test func theMostSpecificRangeDecidesAndZeroExcludes() async throws {
        // text/* is acceptable, but text/html specifically is not: JSON (via */*) beats nothing.
        let answer = try await Self.client.get("/prefers", headers: ["accept": "text/*;q=0.8, text/html;q=0, */*;q=0.1"])
        #expect(answer.text == "text/plain")
        #expect(try await Self.client.get("/prefers", headers: ["accept": "application/json, text/html"]).text == "text/html")
        #expect(try await Self.client.get("/prefers", headers: ["accept": "image/*"]).text == "none")
    }

    @Test func anyAnswersWhatNothingElseDoes() async throws {
        let fallback = try await Self.client.get("/status", headers: ["accept": "text/plain"])
        #expect(fallback.text == "OK" && fallback.headers.first("vary") == "Accept")
        #expect(try await Self.client.get("/status", headers: ["accept": "application/json"]).text == #"{"status":"ok"}"#)
    }

    @Test func acceptedTypesInPreferenceOrderAndShortNames() async throws {
        let answer = try await Self.client.get("/accepts", headers: ["accept": "*/*;q=0.1, image/png, application/rss+xml;q=0.5"])
        #expect(answer.text == "image/png=1.0 application/rss+xml=0.5 */*=0.1 true true")
    }
}
