import Logging
import Synchronization

/// A logger whose lines a test can read back.
final class LogRecorder: Sendable {
    struct Entry: Sendable {
        var level: Logger.Level
        var message: String
        var metadata: Logger.Metadata
    }

    private let entries = Mutex<[Entry]>([])

    /// A logger that records here.
    var logger: Logger { Logger(label: "test") { _ in Handler(recorder: self) } }

    /// Everything logged so far.
    var recorded: [Entry] { self.entries.withLock { $0 } }

    /// The messages logged so far.
    var messages: [String] { self.recorded.map(\.message) }

    struct Handler: LogHandler {
        let recorder: LogRecorder
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { self.metadata[key] }
            set { self.metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            let entry = Entry(level: event.level, message: event.message.description, metadata: self.metadata.merging(event.metadata ?? [:]) { $1 })
            self.recorder.entries.withLock { $0.append(entry) }
        }
    }
}
