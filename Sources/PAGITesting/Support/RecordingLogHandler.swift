public import Logging
import Synchronization

/// A swift-log handler that keeps what is logged through it, for tests that check log lines.
///
/// ```swift
/// let recorder = RecordingLogHandler()
/// let app = SimpleApp(logger: Logger(label: "test") { _ in recorder })
/// ...
/// #expect(recorder.entries.map(\.message) == ["handled"])
/// ```
///
/// Copies share one record (a logger copies its handler), each with its own metadata.
public struct RecordingLogHandler: LogHandler {
    /// One logged message: its level, text and metadata (the logger's merged with the call's).
    public struct Entry: Sendable {
        public var level: Logger.Level
        public var message: String
        public var metadata: Logger.Metadata
    }

    private final class Record: Sendable {
        let entries = Mutex<[Entry]>([])
    }

    private let record = Record()
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level = .trace

    public init() {}

    /// Everything logged so far, in order.
    public var entries: [Entry] { self.record.entries.withLock { $0 } }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { self.metadata[key] }
        set { self.metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        let merged = self.metadata.merging(event.metadata ?? [:]) { $1 }
        self.record.entries.withLock { $0.append(Entry(level: event.level, message: event.message.description, metadata: merged)) }
    }
}
