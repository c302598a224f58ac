public import PAGI

extension ExampleApps {
    /// Reports the `tls` extension: protocol version, cipher suite and client certificate as
    /// JSON, or that the connection is not using TLS.
    public static let tlsInfo: Application = { scope, receive, send in
        guard case .http(let request) = scope else { throw PAGIError.unsupportedScope(scope.type) }
        _ = try await readBody(from: receive)
        let contentType: ByteString
        let body: String
        if let tls = request.extensions.tls {
            contentType = "application/json"
            body = PAGIValue.object([
                "tls_version": tls.tlsVersion.map { .string(hex($0)) } ?? .null,
                "cipher_suite": tls.cipherSuite.map { .string(hex($0)) } ?? .null,
                "client_cert_name": tls.clientCertName.map { .string($0) } ?? .null,
                "client_cert_chain_length": .int(Int64(tls.clientCertChain.count)),
                "client_cert_error": tls.clientCertError.map { .string($0) } ?? .null,
                "scheme": .string(request.scheme),
            ]).jsonText
        } else {
            contentType = "text/plain; charset=utf-8"
            body = "Connection is not using TLS"
        }
        try await send(.httpResponseStart(status: .ok, headers: ["content-type": contentType]))
        try await send(.httpResponseBody(body))
    }

    /// `0x0304` for 772.
    static func hex(_ value: UInt16) -> String {
        let digits = String(value, radix: 16)
        return "0x" + String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}
