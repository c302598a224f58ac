import Synchronization

/// The identity of one subscription, unique across processes: a random number drawn once per
/// process and a serial number within it. Messages published "to others" carry the publishing
/// subscription's id, and that subscription drops them on arrival, in whatever process it lives.
public struct SubscriberID: Sendable, Hashable, CustomStringConvertible {
    /// Drawn once per process, so that two workers sharing a broker never hand out the same id.
    public let process: UInt64
    /// Counts up within the process.
    public let serial: UInt64

    /// The id with these two parts (what a broker backend decodes from the wire).
    public init(process: UInt64, serial: UInt64) {
        self.process = process
        self.serial = serial
    }

    /// A new id, never handed out before in this process.
    public static func next() -> SubscriberID {
        SubscriberID(process: processPart, serial: serials.wrappingAdd(1, ordering: .relaxed).newValue)
    }

    private static let processPart = UInt64.random(in: 1...UInt64.max)
    private static let serials = Atomic<UInt64>(0)

    /// Both parts in hexadecimal, `process-serial`.
    public var description: String {
        String(self.process, radix: 16) + "-" + String(self.serial, radix: 16)
    }
}
