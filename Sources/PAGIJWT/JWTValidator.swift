public import JWTKit
public import PAGIMiddleware

/// Verifies JSON Web Tokens for ``PAGIMiddleware/BearerAuth``, with jwt-kit: the signature
/// (with any key of the collection: HMAC, RSA, ECDSA, EdDSA...), then the payload's own
/// `verify` (expiry, not-before, audience...), then `identity` turns the payload into who the
/// request is.
///
/// ```swift
/// let keys = await JWTKeyCollection().add(hmac: HMACKey(from: secret), digestAlgorithm: .sha256)
/// BearerAuth(validator: JWTValidator(keys: keys))                        // StandardClaims
/// BearerAuth(validator: JWTValidator(keys: keys, as: MyClaims.self) { claims in
///     AuthIdentity(name: claims.sub.value, claims: ["role": .string(claims.role)])
/// })
/// ```
///
/// A token that fails any check is invalid (`BearerAuth` answers 401 `invalid_token`); only an
/// error thrown by `identity` propagates. The Perl original verified HS256 tokens itself and
/// checked `exp` and `nbf`; ``StandardClaims`` does the same, for every algorithm jwt-kit has.
public struct JWTValidator<Payload: JWTPayload>: BearerTokenValidator {
    let keys: JWTKeyCollection
    let identity: @Sendable (Payload) async throws -> AuthIdentity?

    /// A validator verifying with `keys`, decoding payloads as `Payload`, naming them with
    /// `identity`.
    public init(
        keys: JWTKeyCollection,
        as payload: Payload.Type = Payload.self,
        identity: @escaping @Sendable (Payload) async throws -> AuthIdentity?
    ) {
        self.keys = keys
        self.identity = identity
    }

    public func identity(for token: String) async throws -> AuthIdentity? {
        let payload: Payload
        do {
            payload = try await self.keys.verify(token, as: Payload.self)
        } catch {
            return nil
        }
        return try await self.identity(payload)
    }
}

extension JWTValidator where Payload == StandardClaims {
    /// A validator for tokens with the registered claims: the identity is named by `sub`, and
    /// carries `sub`, `iss`, `aud`, `exp`, `nbf` and `iat` as claims.
    public init(keys: JWTKeyCollection) {
        self.init(keys: keys, as: StandardClaims.self) { $0.identity }
    }
}
