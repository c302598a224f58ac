public import PAGI

/// A list of address ranges (``AddressRange``), parsed once from text such as
/// `"127.0.0.1, ::1, 10.0.0.0/8"`; `*` stands for every address.
///
/// ```swift
/// let trusted = try AddressRangeList("127.0.0.1, ::1, 10.0.0.0/8")
/// trusted.contains("10.20.30.40")  // true
/// ```
///
/// The form of uvicorn's and gunicorn's `--forwarded-allow-ips`: commas between entries,
/// spaces around them ignored, and `*` for any client (Unix sockets included).
public struct AddressRangeList: Sendable, Hashable, CustomStringConvertible {
    /// The ranges, in the order given.
    public let ranges: [AddressRange]
    /// Whether the list holds `*`: every address, and every Unix socket client.
    public let containsEverything: Bool

    /// The empty list: contains nothing.
    public init() {
        self.ranges = []
        self.containsEverything = false
    }

    /// The given ranges.
    public init(_ ranges: [AddressRange]) {
        self.ranges = ranges
        self.containsEverything = false
    }

    /// The ranges written in `entries` (each an address, a CIDR range or `*`). Throws
    /// ``AddressRangeError`` for the first entry that is none of these.
    public init(_ entries: [String]) throws(AddressRangeError) {
        var ranges: [AddressRange] = []
        var everything = false
        for entry in entries {
            if entry == "*" {
                everything = true
            } else {
                ranges.append(try AddressRange(entry))
            }
        }
        self.ranges = ranges
        self.containsEverything = everything
    }

    /// The comma-separated ranges in `text` (`"127.0.0.1, ::1, 10.0.0.0/8"`, or `*`); spaces
    /// around entries and empty entries are ignored. Throws ``AddressRangeError`` for the
    /// first entry that is not an address, a CIDR range or `*`.
    public init(_ text: String) throws(AddressRangeError) {
        let entries = text.split(separator: ",").map { String($0.filter { $0 != " " && $0 != "\t" }) }
        try self.init(entries.filter { !$0.isEmpty })
    }

    /// Whether the list holds no range (and not `*`).
    public var isEmpty: Bool { self.ranges.isEmpty && !self.containsEverything }

    /// Whether `address` (an IPv4 or IPv6 address) is in one of the ranges; with `*`, whether
    /// it is anything at all.
    public func contains(_ address: String) -> Bool {
        if self.containsEverything { return true }
        // Parsed once for every range.
        guard let value = AddressRange.value(of: address) else { return false }
        return self.ranges.contains { $0.contains(value: value) }
    }

    /// Whether the client or server `address` is in one of the ranges. A Unix socket is in the
    /// list only when the list holds `*`.
    public func contains(_ address: NetworkAddress) -> Bool {
        if self.containsEverything { return true }
        guard case .tcp(let host, _) = address else { return false }
        return self.contains(host)
    }

    /// The entries, comma-separated, in CIDR form.
    public var description: String {
        (self.ranges.map(\.description) + (self.containsEverything ? ["*"] : [])).joined(separator: ", ")
    }
}
