#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
public import JWTKit
import PAGI
public import PAGIMiddleware

/// The registered claims of RFC 7519 §4.1 that tokens usually carry: a subject (required), and
/// optionally an issuer, audiences, an expiry, a not-before time and an issue time. Verifying
/// checks the expiry and the not-before time; check the issuer and audience in a payload type
/// of your own when tokens come from elsewhere.
public struct StandardClaims: JWTPayload, Equatable {
    public var sub: SubjectClaim
    public var iss: IssuerClaim?
    public var aud: AudienceClaim?
    public var exp: ExpirationClaim?
    public var nbf: NotBeforeClaim?
    public var iat: IssuedAtClaim?

    public init(
        sub: SubjectClaim, iss: IssuerClaim? = nil, aud: AudienceClaim? = nil, exp: ExpirationClaim? = nil,
        nbf: NotBeforeClaim? = nil, iat: IssuedAtClaim? = nil
    ) {
        self.sub = sub
        self.iss = iss
        self.aud = aud
        self.exp = exp
        self.nbf = nbf
        self.iat = iat
    }

    public func verify(using algorithm: some JWTAlgorithm) async throws {
        try self.exp?.verifyNotExpired()
        try self.nbf?.verifyNotBefore()
    }

    /// The identity named by `sub`, with every claim present.
    public var identity: AuthIdentity {
        var claims: [String: PAGIValue] = ["sub": .string(self.sub.value)]
        claims["iss"] = self.iss.map { .string($0.value) }
        claims["aud"] = self.aud.map { .array($0.value.map { .string($0) }) }
        claims["exp"] = self.exp.map { .int(Int64($0.value.timeIntervalSince1970)) }
        claims["nbf"] = self.nbf.map { .int(Int64($0.value.timeIntervalSince1970)) }
        claims["iat"] = self.iat.map { .int(Int64($0.value.timeIntervalSince1970)) }
        return AuthIdentity(name: self.sub.value, claims: claims)
    }
}
