#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import HTTPTypes
import NIOCore
import PAGI
import PAGIMiddleware
import PAGITesting
import Testing

@Suite struct BasicAuthTests {
    static let whoAmI = answer { request in
        let identity = request[.auth]
        return identity.map { "\($0.scheme) \($0.name)" } ?? "anonymous"
    }

    static func basic(_ credentials: String) -> Headers {
        ["authorization": ByteString("Basic " + Data(credentials.utf8).base64EncodedString())]
    }

    static let client = TestClient(app: BasicAuth(users: ["ada": "lovelace", "jürgen": "pässwörd"]).wrap(whoAmI))

    @Test func validCredentialsPassWithTheirIdentity() async throws {
        let response = try await Self.client.get("/", headers: Self.basic("ada:lovelace"))
        #expect(response.status == .ok && response.text == "basic ada")
        // UTF-8 (the challenge's charset) and a colon in the password.
        #expect(try await Self.client.get("/", headers: Self.basic("jürgen:pässwörd")).text == "basic jürgen")
        let colon = TestClient(app: BasicAuth { user, password in user == "u" && password == "a:b" }.wrap(Self.whoAmI))
        #expect(try await colon.get("/", headers: Self.basic("u:a:b")).text == "basic u")
    }

    @Test func missingOrWrongCredentialsGet401WithTheChallenge() async throws {
        let missing = try await Self.client.get("/")
        #expect(missing.status == .unauthorized)
        #expect(missing.headers["www-authenticate"] == #"Basic realm="Restricted", charset="UTF-8""#)
        for headers in [
            Self.basic("ada:wrong"), Self.basic("eve:lovelace"), Self.basic("ada"), Self.basic(":"),
            ["authorization": "Basic !!!not-base64"], ["authorization": "Bearer abc"], ["authorization": "Basic"],
            ["authorization": ByteString("Basic " + Data([0x61, 0xFF, 0x3A, 0x62]).base64EncodedString())],
        ] as [Headers] {
            #expect(try await Self.client.get("/", headers: headers).status == .unauthorized)
        }
    }

    @Test func theSchemeIsCaseInsensitive() async throws {
        let header = "basic " + Data("ada:lovelace".utf8).base64EncodedString()
        #expect(try await Self.client.get("/", headers: ["authorization": ByteString(header)]).status == .ok)
    }

    @Test func realmAndPathsAreOptions() async throws {
        let auth = BasicAuth(realm: #"The "inner" \ sanctum"#, paths: ["/admin"], users: ["ada": "lovelace"])
        let client = TestClient(app: auth.wrap(Self.whoAmI))
        #expect(try await client.get("/public").text == "anonymous")
        let refused = try await client.get("/admin/users")
        #expect(refused.status == .unauthorized)
        #expect(refused.headers["www-authenticate"] == #"Basic realm="The \"inner\" \\ sanctum", charset="UTF-8""#)
        #expect(try await client.get("/admin", headers: Self.basic("ada:lovelace")).text == "basic ada")
    }

    @Test func anAuthenticatorErrorIsAServerError() async throws {
        struct DatabaseDown: Error {}
        let auth = BasicAuth { _, _ in throw DatabaseDown() }
        let client = TestClient(app: auth.wrap(Self.whoAmI)) { $0.raiseAppErrors = false }
        let response = try await client.get("/", headers: Self.basic("ada:lovelace"))
        #expect(response.status == .internalServerError && response.error is DatabaseDown)
    }

    @Test func webSocketsAndEventStreamsAreGuardedToo() async throws {
        do {
            _ = try await Self.client.websocket("/chat")
            Issue.record("expected a denial")
        } catch TestClientError.websocketDenied(let response) {
            #expect(response.status == .unauthorized && response.headers.contains("www-authenticate"))
        }
        let socket = try await Self.client.websocket("/chat", headers: Self.basic("ada:lovelace"))
        #expect(try await socket.receiveText() == "basic ada")
        await #expect(throws: TestClientError.self) { try await Self.client.sse("/events") }
        let events = try await Self.client.sse("/events", headers: Self.basic("ada:lovelace"))
        #expect(try await events.next()?.data == "basic ada")
    }

    @Test func withoutTheDenialExtensionAWebSocketIsClosedBeforeTheHandshake() async throws {
        let client = TestClient(app: BasicAuth(users: [:]).wrap(Self.whoAmI)) { $0.extensions.websocketHTTPResponse = false }
        do {
            _ = try await client.websocket("/chat")
            Issue.record("expected a denial")
        } catch TestClientError.websocketDenied(let response) {
            #expect(response.status == .forbidden)
        }
    }
}
