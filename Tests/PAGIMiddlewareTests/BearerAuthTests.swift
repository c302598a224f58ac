import HTTPTypes
import NIOCore
import PAGI
import PAGIMiddleware
import PAGITesting
import Testing

@Suite struct BearerAuthTests {
    /// Knows one token.
    struct Keys: BearerTokenValidator {
        func identity(for token: String) async throws -> AuthIdentity? {
            token == "good.token-1~/+==" ? AuthIdentity(name: "ada", claims: ["role": "admin"], user: 42) : nil
        }
    }

    static let whoAmI = answer { request in
        guard let identity = request[.auth] else { return "anonymous" }
        return "\(identity.scheme) \(identity.name) \(identity.claims["role"]?.stringValue ?? "-") \(identity.token ?? "-") \(identity.user as? Int ?? 0)"
    }

    static let client = TestClient(app: BearerAuth(validator: Keys()).wrap(whoAmI))

    @Test func aValidTokenPassesWithTheValidatorsIdentity() async throws {
        let response = try await Self.client.get("/", headers: ["authorization": "Bearer good.token-1~/+=="])
        #expect(response.status == .ok && response.text == "bearer ada admin good.token-1~/+== 42")
        #expect(try await Self.client.get("/", headers: ["authorization": "bearer   good.token-1~/+=="]).status == .ok)
    }

    @Test func refusalsFollowRFC6750() async throws {
        let missing = try await Self.client.get("/")
        #expect(missing.status == .unauthorized && missing.headers["www-authenticate"] == #"Bearer realm="Bearer""#)
        let otherScheme = try await Self.client.get("/", headers: ["authorization": "Basic YTpi"])
        #expect(otherScheme.status == .unauthorized && otherScheme.headers["www-authenticate"] == #"Bearer realm="Bearer""#)
        for malformed in ["Bearer", "Bearer ", "Bearer a b", "Bearer =abc", "Bearer a=b", "Bearer tök"] {
            let response = try await Self.client.get("/", headers: ["authorization": ByteString(malformed)])
            #expect(response.status == .badRequest, "\(malformed)")
            #expect(response.headers["www-authenticate"] == #"Bearer realm="Bearer", error="invalid_request""#)
        }
        let invalid = try await Self.client.get("/", headers: ["authorization": "Bearer bad"])
        #expect(invalid.status == .unauthorized && invalid.text == "Invalid token")
        #expect(invalid.headers["www-authenticate"] == #"Bearer realm="Bearer", error="invalid_token""#)
    }

    @Test func realmPathsAndClosuresAreOptions() async throws {
        let auth = BearerAuth(realm: nil, paths: ["/api"]) { token in token == "k" ? AuthIdentity(name: "robot") : nil }
        let client = TestClient(app: auth.wrap(Self.whoAmI))
        #expect(try await client.get("/home").text == "anonymous")
        #expect(try await client.get("/api/x").headers["www-authenticate"] == "Bearer")
        #expect(try await client.get("/api/x", headers: ["authorization": "Bearer nope"]).headers["www-authenticate"] == #"Bearer error="invalid_token""#)
        #expect(try await client.get("/api/x", headers: ["authorization": "Bearer k"]).text == "bearer robot - k 0")
    }

    @Test func aValidatorErrorIsAServerError() async throws {
        struct IntrospectionDown: Error {}
        let auth = BearerAuth { _ in throw IntrospectionDown() }
        let client = TestClient(app: auth.wrap(Self.whoAmI)) { $0.raiseAppErrors = false }
        let response = try await client.get("/", headers: ["authorization": "Bearer k"])
        #expect(response.status == .internalServerError && response.error is IntrospectionDown)
    }

    @Test func webSocketsAreGuardedToo() async throws {
        do {
            _ = try await Self.client.websocket("/chat")
            Issue.record("expected a denial")
        } catch TestClientError.websocketDenied(let response) {
            #expect(response.status == .unauthorized)
        }
        let socket = try await Self.client.websocket("/chat", headers: ["authorization": "Bearer good.token-1~/+=="])
        #expect(try await socket.receiveText().hasPrefix("bearer ada"))
    }
}
