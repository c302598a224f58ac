/// permessage-deflate (RFC 7692) negotiation: the client's offers in `Sec-WebSocket-Extensions`,
/// the one the server accepts, and the parameters both sides then use.
struct PerMessageDeflateAgreement: Equatable, Sendable {
    /// The server resets its compressor after each message.
    var serverNoContextTakeover: Bool
    /// The client resets its compressor after each message (so may the server's decompressor).
    var clientNoContextTakeover: Bool
    /// The server's compression window, 9 to 15 bits.
    var serverMaxWindowBits: Int
    /// The client's compression window, 8 to 15 bits (the server's decompressor may use more).
    var clientMaxWindowBits: Int

    /// The `Sec-WebSocket-Extensions` value of the server's answer. `client_max_window_bits`
    /// appears only when the client offered it, as RFC 7692 §7.1.2.2 requires.
    let response: String

    /// The first of the client's permessage-deflate offers that the server can accept, or
    /// `nil` when there is none (the connection then goes uncompressed). An offer is declined
    /// when a parameter is unknown, repeated or out of range, and when it asks for a server
    /// window of 8 bits, which zlib cannot produce. `serverNoContextTakeover` makes the server
    /// reset its compressor even when the client did not ask (less memory per connection).
    static func negotiate(offers headerValues: [String], serverNoContextTakeover forced: Bool = false) -> PerMessageDeflateAgreement? {
        for offer in headerValues.flatMap({ $0.split(separator: ",") }) {
            var parts = offer.split(separator: ";").map { $0.trimmingSpaces }
            guard parts.first?.lowercased() == "permessage-deflate" else { continue }
            parts.removeFirst()
            if let agreement = Self.accept(parts, forced: forced) { return agreement }
        }
        return nil
    }

    private static func accept(_ parameters: [Substring], forced: Bool) -> PerMessageDeflateAgreement? {
        var seen = Set<String>()
        var serverNoTakeover = false
        var clientNoTakeover = false
        var serverBits: Int?
        var clientBits: Int?
        var clientBitsOffered = false
        for parameter in parameters {
            let pair = parameter.split(separator: "=", maxSplits: 1).map { $0.trimmingSpaces }
            let name = pair[0].lowercased()
            guard seen.insert(name).inserted else { return nil }
            var value: Int?
            if pair.count == 2 {
                let text = pair[1].hasPrefix("\"") && pair[1].hasSuffix("\"") && pair[1].count >= 2 ? pair[1].dropFirst().dropLast() : pair[1]
                guard let bits = Int(text), (8...15).contains(bits), text.allSatisfy(\.isNumber) else { return nil }
                value = bits
            }
            switch name {
            case "server_no_context_takeover" where value == nil && pair.count == 1: serverNoTakeover = true
            case "client_no_context_takeover" where value == nil && pair.count == 1: clientNoTakeover = true
            case "server_max_window_bits" where value != nil: serverBits = value
            case "client_max_window_bits":
                clientBitsOffered = true
                clientBits = value
            default: return nil
            }
        }
        if serverBits == 8 { return nil }  // zlib's raw deflate cannot keep to a 256-byte window.
        var response = "permessage-deflate"
        if serverNoTakeover || forced { response += "; server_no_context_takeover" }
        if clientNoTakeover { response += "; client_no_context_takeover" }
        if let serverBits { response += "; server_max_window_bits=\(serverBits)" }
        if clientBitsOffered, let clientBits { response += "; client_max_window_bits=\(clientBits)" }
        return PerMessageDeflateAgreement(
            serverNoContextTakeover: serverNoTakeover || forced,
            clientNoContextTakeover: clientNoTakeover,
            serverMaxWindowBits: serverBits ?? 15,
            clientMaxWindowBits: clientBits ?? 15,
            response: response
        )
    }
}
