import HTTPTypes
import NIOCore
import PAGI
import PAGIMiddleware
import PAGITesting
import Testing

@Suite struct MethodOverrideTests {
    static let form: Headers = ["content-type": "application/x-www-form-urlencoded"]

    static func client(_ middleware: MethodOverride = MethodOverride(), seen: Plumbing.Seen = Plumbing.Seen()) -> TestClient {
        Plumbing.client(middleware.wrap(seen.recording(Plumbing.echo)))
    }

    @Test func theHeaderOverridesAPost() async throws {
        let seen = Plumbing.Seen()
        let response = try await Self.client(seen: seen).post("/posts/1", headers: ["x-http-method-override": "delete"], body: "keep")
        #expect(response.text == "DELETE /posts/1 keep")
        #expect(seen.last?[.originalMethod] == .post)
    }

    @Test func theFormFieldOverridesAndTheBodyIsReplayedUnchanged() async throws {
        let body = "name=Ada+L&_method=PUT&note=%C3%A9"
        #expect(try await Self.client().post("/u", headers: Self.form, body: .text(body)).text == "PUT /u \(body)")
        let chunked = try await Self.client().post("/u", headers: ["content-type": "Application/X-WWW-Form-URLEncoded; charset=utf-8"], body: .chunks(["_meth", "od=patch&", "x=1"].map { ByteBuffer(string: $0) }))
        #expect(chunked.text == "PATCH /u _method=patch&x=1")
        let seen = Plumbing.Seen()
        _ = try await Self.client(seen: seen).post("/u", headers: Self.form, body: "_method=DELETE")
        #expect(seen.last?.method == .delete && seen.last?[.originalMethod] == .post)
    }

    @Test func aLongFormIsReadOnlyUpToTheLimitAndTheRestStreams() async throws {
        let pieces = ["_method=PATCH&a=", String(repeating: "x", count: 40), String(repeating: "y", count: 40)]
        let limited = MethodOverride(maxFormBytes: 16)
        let response = try await Self.client(limited).post("/", headers: Self.form, body: .chunks(pieces.map { ByteBuffer(string: $0) }))
        #expect(response.text == "PATCH / " + pieces.joined())
        // A field cut off at the limit does not count.
        let cut = try await Self.client(MethodOverride(maxFormBytes: 10)).post("/", headers: Self.form, body: .chunks(["a=1&_meth", "od=DEL", "ETE"].map { ByteBuffer(string: $0) }))
        #expect(cut.text == "POST / a=1&_method=DELETE")
    }

    @Test func onlyAllowedMethodsAndOnlyPosts() async throws {
        for value in ["GET", "POST", "CONNECT", "TRACE", "FOO", ""] {
            #expect(try await Self.client().post("/", headers: ["x-http-method-override": ByteString(value)]).text == "POST / ", "\(value)")
        }
        #expect(try await Self.client().put("/", headers: ["x-http-method-override": "DELETE"]).text == "PUT / ")
        let custom = MethodOverride(allowedMethods: [.options])
        #expect(try await Self.client(custom).post("/", headers: ["x-http-method-override": "OPTIONS"]).text == "OPTIONS / ")
        #expect(try await Self.client(custom).post("/", headers: ["x-http-method-override": "DELETE"]).text == "POST / ")
    }

    @Test func otherBodiesAreNotReadAndSourcesCanBeTurnedOff() async throws {
        let json = try await Self.client().post("/", headers: ["content-type": "application/json"], body: #"{"_method":"DELETE"}"#)
        #expect(json.text == #"POST / {"_method":"DELETE"}"#)
        let multipart = try await Self.client().post("/", headers: ["content-type": "multipart/form-data; boundary=x"], body: "_method=DELETE")
        #expect(multipart.text == "POST / _method=DELETE")
        let noHeader = MethodOverride(header: nil)
        #expect(try await Self.client(noHeader).post("/", headers: ["x-http-method-override": "DELETE"]).text == "POST / ")
        let noForm = MethodOverride(formField: nil)
        #expect(try await Self.client(noForm).post("/", headers: Self.form, body: "_method=DELETE").text == "POST / _method=DELETE")
        let otherField = MethodOverride(header: "x-method", formField: "verb")
        #expect(try await Self.client(otherField).post("/", headers: Self.form, body: "verb=put").text == "PUT / verb=put")
        #expect(try await Self.client(otherField).post("/", headers: ["x-method": "PATCH"]).text == "PATCH / ")
    }
}
