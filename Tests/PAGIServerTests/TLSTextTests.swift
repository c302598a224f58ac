import NIOCore
@testable import PAGIServerTLS
import SwiftASN1
import Testing
import X509

/// The pieces of the `tls` extension the server works out itself: the cipher suite from the
/// ServerHello, and the RFC 4514 form of a distinguished name.
@Suite struct TLSTextTests {
    /// A ServerHello record with `sessionID` and `suite`.
    static func serverHello(sessionID: [UInt8], suite: UInt16) -> ByteBuffer {
        var body: [UInt8] = [0x03, 0x03] + [UInt8](repeating: 7, count: 32) + [UInt8(sessionID.count)] + sessionID
        body += [UInt8(suite >> 8), UInt8(suite & 0xFF), 0x00]
        let handshake: [UInt8] = [2, 0, 0, UInt8(body.count)] + body
        return ByteBuffer(bytes: [22, 0x03, 0x03, 0, UInt8(handshake.count)] + handshake)
    }

    @Test func readsTheCipherSuiteOffTheServerHello() {
        #expect(ServerHelloReader.cipherSuite(inServerHello: Self.serverHello(sessionID: [], suite: 0x1301)) == 0x1301)
        #expect(ServerHelloReader.cipherSuite(inServerHello: Self.serverHello(sessionID: [UInt8](repeating: 1, count: 32), suite: 0xC02F)) == 0xC02F)
        // An alert, another handshake message, a record cut short: no suite.
        #expect(ServerHelloReader.cipherSuite(inServerHello: ByteBuffer(bytes: [21, 3, 3, 0, 2, 2, 40])) == nil)
        var clientHello = Self.serverHello(sessionID: [], suite: 0x1301)
        clientHello.setInteger(UInt8(1), at: 5)
        #expect(ServerHelloReader.cipherSuite(inServerHello: clientHello) == nil)
        #expect(ServerHelloReader.cipherSuite(inServerHello: Self.serverHello(sessionID: [], suite: 0x1301).getSlice(at: 0, length: 40)!) == nil)
    }

    @Test func distinguishedNamesInRFC4514Form() throws {
        let name = try DistinguishedName {
            CountryName("GB")
            OrganizationName("Example, Inc.")
            CommonName("#alice+bob ")
        }
        #expect(CertificateText.rfc4514(name) == "CN=\\#alice\\+bob\\ ,O=Example\\, Inc.,C=GB")
        // A multi-valued RDN, a type without a short name (as a dotted OID with its DER value).
        let multi = DistinguishedName([
            RelativeDistinguishedName([
                .init(type: .RDNAttributeType.organizationalUnitName, utf8String: "Ops"),
                .init(type: .RDNAttributeType.commonName, utf8String: "carol"),
            ]),
            RelativeDistinguishedName(.init(type: [2, 5, 4, 5], utf8String: "42")),
        ])
        #expect(CertificateText.rfc4514(multi) == "2.5.4.5=#0C023432,OU=Ops+CN=carol")
        #expect(CertificateText.escape("a\u{0}b;c<d>\"e\"\\") == "a\\00b\\;c\\<d\\>\\\"e\\\"\\\\")
    }

    @Test func cipherSuitesAreNamedOneByOne() throws {
        #expect(try CipherSuites.parse(TLSOptions.defaultCiphers).map(\.rawValue) == [0xC02B, 0xC02F, 0xC02C, 0xC030, 0xCCA9, 0xCCA8])
        #expect(try CipherSuites.parse("tls_ecdhe_rsa_with_aes_128_gcm_sha256, AES128-SHA").map(\.rawValue) == [0xC02F, 0x002F])
        #expect(throws: TLSSetupError.self) { try CipherSuites.parse("ECDHE+AESGCM:!aNULL") }
        #expect(throws: TLSSetupError.self) { try CipherSuites.parse(" : ") }
    }
}
