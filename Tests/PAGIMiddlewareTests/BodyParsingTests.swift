import HTTPTypes
import NIOCore
import PAGI
import PAGIMiddleware
import PAGITesting
import Testing

@Suite struct BodyParsingTests {
    /// Answers with what the middleware parsed and the body it reads itself.
    static let app: Application = { scope, receive, send in
        let request = scope.request!
        let body = try await readBody(from: receive)
        let json = request[.parsedJSON].map { value -> String in
            if case .object(let members) = value { return members.keys.sorted().joined(separator: ",") }
            return "\(value)"
        } ?? "-"
        let form = request[.parsedForm].map { $0.map { "\($0.name)=\($0.value)" }.joined(separator: "&") } ?? "-"
        try await send(.httpResponseStart(status: .ok, headers: [:]))
        try await send(.httpResponseBody(ByteBuffer(string: "\(json) | \(form) | \(String(buffer: body)) | \(request[.rawBody]?.readableBytes ?? -1)")))
    }

    @Test func jsonBodiesAreParsedAndReplayed() async throws {
        let client = TestClient(app: JSONBody(maxSize: 64).wrap(Self.app))
        let json: Headers = ["content-type": "application/json; charset=utf-8"]
        #expect(try await client.post("/", headers: json, body: .text(#"{"b":1,"a":[true]}"#)).text == #"a,b | - | {"b":1,"a":[true]} | 18"#)
        #expect(try await client.post("/", headers: ["content-type": "application/vnd.api+json"], body: .text("[1]")).text.hasPrefix("array("))
        let bad = try await client.post("/", headers: json, body: .text("{nope"))
        #expect(bad.status == .badRequest && bad.text == "The body is not valid JSON")
        let big = try await client.post("/", headers: json, body: .text(String(repeating: " ", count: 65) + "{}"))
        #expect(big.status == .contentTooLarge)
        // Other types, and empty bodies, go through untouched.
        #expect(try await client.post("/", headers: ["content-type": "text/plain"], body: .text("{nope")).text == "- | - | {nope | -1")
        #expect(try await client.post("/", headers: json).text == "- | - |  | 0")
    }

    @Test func formsAreParsedLenientlyOrStrictly() async throws {
        let form: Headers = ["content-type": "application/x-www-form-urlencoded"]
        let lenient = TestClient(app: FormBody().wrap(Self.app))
        #expect(try await lenient.post("/", headers: form, body: .text("a=1&b=caf%C3%A9&b=%FF")).text == "- | a=1&b=café&b=\u{FFFD} | a=1&b=caf%C3%A9&b=%FF | 21")
        let strict = TestClient(app: FormBody(maxSize: 10, strict: true).wrap(Self.app))
        let bad = try await strict.post("/", headers: form, body: .text("b=%FF"))
        #expect(bad.status == .badRequest && bad.text == "The form is not valid UTF-8")
        #expect(try await strict.post("/", headers: form, body: .text("a=12345678901")).status == .contentTooLarge)
    }

    @Test func jsonValues() throws {
        let value = try JSONValue(json: Array(#"{"n": 1.5, "i": 7, "s": "x", "l": [null, false]}"#.utf8))
        #expect(value["n"] == .number(1.5) && value["i"] == .integer(7) && value["s"] == .string("x"))
        #expect(value["l"]?[0] == .null && value["l"]?[1] == .bool(false) && value["l"]?[2] == nil)
        #expect(throws: (any Error).self) { try JSONValue(json: Array("{".utf8)) }
    }
}
