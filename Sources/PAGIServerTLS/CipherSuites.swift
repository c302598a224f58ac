import NIOSSL

/// The TLS 1.2 cipher suites BoringSSL offers, by OpenSSL name and IANA name, so that
/// `--ssl-ciphers` is checked here: NIOSSL stops the process on a cipher string BoringSSL
/// refuses, and offers no way to ask first.
enum CipherSuites {
    /// OpenSSL name, IANA name, identifier.
    static let known: [(openSSL: String, iana: String, id: UInt16)] = [
        ("ECDHE-ECDSA-AES128-GCM-SHA256", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", 0xC02B),
        ("ECDHE-RSA-AES128-GCM-SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", 0xC02F),
        ("ECDHE-ECDSA-AES256-GCM-SHA384", "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", 0xC02C),
        ("ECDHE-RSA-AES256-GCM-SHA384", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", 0xC030),
        ("ECDHE-ECDSA-CHACHA20-POLY1305", "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", 0xCCA9),
        ("ECDHE-RSA-CHACHA20-POLY1305", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256", 0xCCA8),
        ("ECDHE-ECDSA-AES128-SHA", "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA", 0xC009),
        ("ECDHE-RSA-AES128-SHA", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA", 0xC013),
        ("ECDHE-ECDSA-AES256-SHA", "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA", 0xC00A),
        ("ECDHE-RSA-AES256-SHA", "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA", 0xC014),
        ("AES128-GCM-SHA256", "TLS_RSA_WITH_AES_128_GCM_SHA256", 0x009C),
        ("AES256-GCM-SHA384", "TLS_RSA_WITH_AES_256_GCM_SHA384", 0x009D),
        ("AES128-SHA", "TLS_RSA_WITH_AES_128_CBC_SHA", 0x002F),
        ("AES256-SHA", "TLS_RSA_WITH_AES_256_CBC_SHA", 0x0035),
    ]

    /// The suites `list` names (separated by colons, commas or spaces), in its order.
    static func parse(_ list: String) throws(TLSSetupError) -> [NIOTLSCipher] {
        let names = list.split(whereSeparator: { $0 == ":" || $0 == "," || $0 == " " }).map(String.init)
        guard !names.isEmpty else { throw TLSSetupError("--ssl-ciphers is empty: name at least one cipher suite") }
        var suites: [NIOTLSCipher] = []
        for name in names {
            guard let suite = Self.known.first(where: { $0.openSSL == name.uppercased() || $0.iana == name.uppercased() }) else {
                throw TLSSetupError(
                    "--ssl-ciphers: unknown cipher suite '\(name)' (known: \(Self.known.map(\.openSSL).joined(separator: ", ")))"
                )
            }
            suites.append(NIOTLSCipher(rawValue: suite.id))
        }
        return suites
    }
}
