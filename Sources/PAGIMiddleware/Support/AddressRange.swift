#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
public import PAGI

/// An IPv4 or IPv6 address, or a CIDR range of them, parsed once: `10.0.0.0/8`, `127.0.0.1`,
/// `::1`, `2001:db8::/32`.
///
/// ```swift
/// let office = try AddressRange("192.168.0.0/16")
/// office.contains("192.168.4.20")      // true
/// office.contains("::ffff:192.168.4.20")  // true: an IPv4-mapped IPv6 address is its IPv4 address
/// ```
///
/// An IPv4 address is held as its IPv4-mapped IPv6 form (`::ffff:a.b.c.d`), so IPv4 ranges
/// and IPv4-mapped IPv6 addresses (what a dual-stack socket reports for an IPv4 client) match
/// each other; the consequence is that `::/0` contains every address. A range whose address
/// has bits set past its prefix (`10.1.2.3/8`) means the network they belong to (`10.0.0.0/8`).
public struct AddressRange: Sendable, Hashable, CustomStringConvertible {
    /// The first address of the range (host bits cleared), as 128 bits.
    let network: UInt128
    /// The number of leading bits that must match, counted in the 128-bit form.
    let prefixLength: Int
    /// Whether the range was written as IPv4.
    let isIPv4: Bool

    /// The range written as `address` or `address/prefix`. Throws ``AddressRangeError`` for
    /// anything else (a host name, a prefix out of range, a malformed address).
    public init(_ text: String) throws(AddressRangeError) {
        let parts = text.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        guard let (address, isIPv4) = Self.parse(String(parts[0])) else {
            throw AddressRangeError(text: text, reason: "not an IPv4 or IPv6 address")
        }
        let width = isIPv4 ? 32 : 128
        var prefix = width
        if parts.count == 2 {
            guard !parts[1].isEmpty, parts[1].allSatisfy(\.isASCII), let bits = Int(parts[1]), (0...width).contains(bits) else {
                throw AddressRangeError(text: text, reason: "the prefix length must be a number from 0 to \(width)")
            }
            prefix = bits
        }
        self.prefixLength = prefix + (128 - width)
        self.network = address & Self.mask(self.prefixLength)
        self.isIPv4 = isIPv4
    }

    /// Whether `address` (an IPv4 or IPv6 address, optionally in brackets or with an IPv6 zone,
    /// `fe80::1%eth0`) is in the range; `false` for anything that is not an address.
    public func contains(_ address: String) -> Bool {
        Self.value(of: address).map(self.contains(value:)) ?? false
    }

    /// Whether the address whose 128-bit form is `value` is in the range.
    func contains(value: UInt128) -> Bool {
        value & Self.mask(self.prefixLength) == self.network
    }

    /// The 128-bit form of `address` (brackets and an IPv6 zone allowed), or `nil`.
    static func value(of address: String) -> UInt128? {
        Self.parse(Self.bare(address))?.0
    }

    /// Whether the client or server `address` is in the range; `false` for a Unix socket.
    public func contains(_ address: NetworkAddress) -> Bool {
        guard case .tcp(let host, _) = address else { return false }
        return self.contains(host)
    }

    /// The range in CIDR form: `10.0.0.0/8`, `2001:db8::/32`, `::1/128`.
    public var description: String {
        if self.isIPv4 {
            let value = UInt32(truncatingIfNeeded: self.network)
            let octets = [24, 16, 8, 0].map { String((value >> $0) & 0xFF) }
            return octets.joined(separator: ".") + "/\(self.prefixLength - 96)"
        }
        var bytes = [UInt8](repeating: 0, count: 16)
        for index in 0..<16 { bytes[index] = UInt8(truncatingIfNeeded: self.network >> (8 * (15 - index))) }
        var text = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        _ = inet_ntop(AF_INET6, bytes, &text, socklen_t(text.count))
        let address = text.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        return address + "/\(self.prefixLength)"
    }

    /// The top `length` bits set.
    static func mask(_ length: Int) -> UInt128 {
        length == 0 ? 0 : ~UInt128(0) << (128 - length)
    }

    /// `address` without brackets and without an IPv6 zone.
    private static func bare(_ address: String) -> String {
        var text = Substring(address)
        if text.hasPrefix("["), text.hasSuffix("]") { text = text.dropFirst().dropLast() }
        if let zone = text.firstIndex(of: "%") { text = text[..<zone] }
        return String(text)
    }

    /// The 128-bit form of an IPv4 or IPv6 address, and whether it was IPv4; `nil` when `text`
    /// is neither.
    static func parse(_ text: String) -> (UInt128, isIPv4: Bool)? {
        var bytes = [UInt8](repeating: 0, count: 16)
        if inet_pton(AF_INET, text, &bytes) == 1 {
            let value = bytes[0..<4].reduce(UInt128(0)) { $0 << 8 | UInt128($1) }
            return (0xFFFF_0000_0000 | value, true)
        }
        guard inet_pton(AF_INET6, text, &bytes) == 1 else { return nil }
        return (bytes.reduce(UInt128(0)) { $0 << 8 | UInt128($1) }, false)
    }
}

/// Text that is not an address or CIDR range.
public struct AddressRangeError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The text that was given.
    public let text: String
    /// What is wrong with it.
    public let reason: String

    public init(text: String, reason: String) {
        self.text = text
        self.reason = reason
    }

    public var description: String { "Invalid address range \(String(reflecting: self.text)): \(self.reason)" }
}
