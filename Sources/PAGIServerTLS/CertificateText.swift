import NIOSSL
import SwiftASN1
import X509

/// Certificates as the `tls` extension shows them: PEM text, and the subject as an RFC 4514
/// distinguished name.
enum CertificateText {
    /// The certificate in PEM, as OpenSSL writes it (64-character base64 lines, a final
    /// newline); `nil` if it cannot be encoded.
    static func pem(_ certificate: NIOSSLCertificate) -> String? {
        guard let der = try? certificate.toDERBytes() else { return nil }
        return PEMDocument(type: "CERTIFICATE", derBytes: der).pemString + "\n"
    }

    /// The certificate's subject in RFC 4514 form (`CN=alice,O=Example`: the last RDN
    /// first); `nil` if the certificate cannot be parsed.
    static func subject(_ certificate: NIOSSLCertificate) -> String? {
        guard let der = try? certificate.toDERBytes(), let parsed = try? Certificate(derEncoded: der) else { return nil }
        return Self.rfc4514(parsed.subject)
    }

    /// `name` in RFC 4514 form: RDNs last to first, joined by `,`; the attributes of a
    /// multi-valued RDN joined by `+`; the RFC's short names (and OpenSSL's `emailAddress`),
    /// other types as dotted OIDs with the value as `#` and its DER in hex (RFC 4514 §2.4).
    static func rfc4514(_ name: DistinguishedName) -> String {
        name.reversed().map { rdn in
            rdn.map { attribute in
                if let short = Self.shortNames[attribute.type], let text = String(attribute.value) {
                    return short + "=" + Self.escape(text)
                }
                var serializer = DER.Serializer()
                let der = (try? serializer.serialize(ASN1Any(attribute.value))).map { serializer.serializedBytes } ?? []
                return attribute.type.description + "=#" + der.map(Self.hex).joined()
            }.joined(separator: "+")
        }.joined(separator: ",")
    }

    /// RFC 4514 §3's short names, and `emailAddress` as OpenSSL and nginx print it.
    private static let shortNames: [ASN1ObjectIdentifier: String] = [
        [2, 5, 4, 3]: "CN", [2, 5, 4, 7]: "L", [2, 5, 4, 8]: "ST", [2, 5, 4, 10]: "O",
        [2, 5, 4, 11]: "OU", [2, 5, 4, 6]: "C", [2, 5, 4, 9]: "STREET",
        [0, 9, 2342, 19_200_300, 100, 1, 25]: "DC", [0, 9, 2342, 19_200_300, 100, 1, 1]: "UID",
        [1, 2, 840, 113_549, 1, 9, 1]: "emailAddress",
    ]

    /// A string value escaped as RFC 4514 §2.4 asks: `"+,;<>\` everywhere, `#` or a space
    /// at the start, a space at the end, and control characters as `\XX`.
    static func escape(_ value: String) -> String {
        let bytes = Array(value.utf8)
        var escaped: [UInt8] = []
        escaped.reserveCapacity(bytes.count)
        for (index, byte) in bytes.enumerated() {
            let special = "\"+,;<>\\".utf8.contains(byte)
            let leading = index == 0 && (byte == UInt8(ascii: "#") || byte == UInt8(ascii: " "))
            let trailing = index == bytes.count - 1 && byte == UInt8(ascii: " ")
            if byte < 0x20 || byte == 0x7F {
                escaped += Array("\\\(Self.hex(byte))".utf8)
            } else {
                if special || leading || trailing { escaped.append(UInt8(ascii: "\\")) }
                escaped.append(byte)
            }
        }
        return String(decoding: escaped, as: UTF8.self)
    }

    private static func hex(_ byte: UInt8) -> String {
        let digits = String(byte, radix: 16, uppercase: true)
        return digits.count == 1 ? "0" + digits : digits
    }
}
