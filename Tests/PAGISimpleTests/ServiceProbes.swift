import PAGISimple
import Synchronization

/// What the services and hooks of a test did, in order.
final class EventLog: Sendable {
    private let events = Mutex<[String]>([])

    func record(_ event: String) {
        self.events.withLock { $0.append(event) }
    }

    var all: [String] { self.events.withLock { $0 } }

    /// The number of events that start with `prefix`.
    func count(_ prefix: String) -> Int {
        self.all.count { $0.hasPrefix(prefix) }
    }
}

/// A service that records its making and its shutdown in a log, with a serial number that
/// tells instances apart.
final class Probe: SimpleService {
    private static let serials = Atomic(0)
    let name: String
    let serial: Int
    let log: EventLog

    init(_ name: String, log: EventLog) {
        self.name = name
        self.serial = Self.serials.add(1, ordering: .relaxed).newValue
        self.log = log
        log.record("make \(name)")
    }

    func shutdown() async throws {
        self.log.record("shutdown \(self.name)")
    }
}

/// Probes under other type names, to register several at once.
final class First: SimpleService {
    let probe: Probe
    init(_ log: EventLog) { self.probe = Probe("First", log: log) }
    func shutdown() async throws { try await self.probe.shutdown() }
}

final class Second: SimpleService {
    let probe: Probe
    init(_ log: EventLog) { self.probe = Probe("Second", log: log) }
    func shutdown() async throws { try await self.probe.shutdown() }
}

struct Boom: Error, CustomStringConvertible {
    var description: String { "boom" }
}
