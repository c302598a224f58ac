#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import HTTPTypes
import JWTKit
import NIOCore
import PAGI
import PAGIJWT
import PAGIMiddleware
import PAGITesting
import Testing

@Suite struct JWTValidatorTests {
    struct RoleClaims: JWTPayload {
        var sub: SubjectClaim
        var role: String

        func verify(using algorithm: some JWTAlgorithm) async throws {}
    }

    static let whoAmI: Application = { scope, _, send in
        let identity = scope.request![.auth]
        let text = identity.map { "\($0.name) \($0.claims["role"]?.stringValue ?? $0.claims["iss"]?.stringValue ?? "-")" } ?? "anonymous"
        try await send(.httpResponseStart(status: .ok, headers: [:]))
        try await send(.httpResponseBody(ByteBuffer(string: text)))
    }

    static func keys(_ secret: String) async -> JWTKeyCollection {
        await JWTKeyCollection().add(hmac: HMACKey(from: secret), digestAlgorithm: .sha256)
    }

    static func bearer(_ token: String) -> Headers { ["authorization": ByteString("Bearer " + token)] }

    @Test func standardClaimsVerifySignatureExpiryAndNotBefore() async throws {
        let keys = await Self.keys("a jwt secret of 32 bytes or more")
        let client = TestClient(app: BearerAuth(validator: JWTValidator(keys: keys)).wrap(Self.whoAmI))
        let now = Date()
        let good = try await keys.sign(StandardClaims(sub: "ada", iss: "us", exp: .init(value: now + 60)))
        let response = try await client.get("/", headers: Self.bearer(good))
        #expect(response.status == .ok && response.text == "ada us")
        let expired = try await keys.sign(StandardClaims(sub: "ada", exp: .init(value: now - 60)))
        let early = try await keys.sign(StandardClaims(sub: "ada", nbf: .init(value: now + 60)))
        let forged = try await Self.keys("another secret, also 32 bytes long").sign(StandardClaims(sub: "ada"))
        for token in [expired, early, forged, "not.a.jwt"] {
            let refused = try await client.get("/", headers: Self.bearer(token))
            #expect(refused.status == .unauthorized && refused.headers["www-authenticate"]?.contains("invalid_token") == true)
        }
    }

    @Test func customPayloadsNameTheirIdentity() async throws {
        let keys = await Self.keys("a jwt secret of 32 bytes or more")
        let validator = JWTValidator(keys: keys, as: RoleClaims.self) { claims in
            claims.role == "banned" ? nil : AuthIdentity(name: claims.sub.value, claims: ["role": .string(claims.role)])
        }
        let client = TestClient(app: BearerAuth(validator: validator).wrap(Self.whoAmI))
        let admin = try await keys.sign(RoleClaims(sub: "ada", role: "admin"))
        #expect(try await client.get("/", headers: Self.bearer(admin)).text == "ada admin")
        let banned = try await keys.sign(RoleClaims(sub: "eve", role: "banned"))
        #expect(try await client.get("/", headers: Self.bearer(banned)).status == .unauthorized)
    }
}
