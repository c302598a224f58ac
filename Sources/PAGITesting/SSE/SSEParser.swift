import NIOCore

/// One item of an event stream, as a browser's `EventSource` parses it.
public enum SSEItem: Sendable, Hashable {
    /// A dispatched event.
    case event(SSEMessage)
    /// A comment line (the text after the `:`).
    case comment(String)
}

/// A dispatched server-sent event.
public struct SSEMessage: Sendable, Hashable {
    /// The event type (`message` when the stream named none).
    public var event: String
    /// The data lines joined with LF.
    public var data: String
    /// The last event id seen on the stream, if any.
    public var id: String?
    /// The reconnection time the event set, in milliseconds.
    public var retry: Int?

    /// An event as a browser would dispatch it.
    public init(event: String = "message", data: String, id: String? = nil, retry: Int? = nil) {
        self.event = event
        self.data = data
        self.id = id
        self.retry = retry
    }
}

/// An incremental `text/event-stream` parser following the HTML standard's rules: lines end
/// at CR LF, LF or CR; a blank line dispatches; one space after the colon is dropped;
/// unknown fields are ignored.
struct SSEParser {
    private var pending: [UInt8] = []
    private var sawCR = false
    private var dataLines: [String] = []
    private var hasData = false
    private var eventType = ""
    private var lastEventID: String?
    private var retry: Int?

    /// Feeds bytes and returns the items they complete.
    mutating func feed(_ buffer: ByteBuffer) -> [SSEItem] {
        var items: [SSEItem] = []
        for byte in buffer.readableBytesView {
            if self.sawCR {
                self.sawCR = false
                if byte == 0x0A { continue }
            }
            if byte == 0x0A || byte == 0x0D {
                self.sawCR = byte == 0x0D
                if let item = self.processLine(String(decoding: self.pending, as: UTF8.self)) { items.append(item) }
                self.pending.removeAll(keepingCapacity: true)
            } else {
                self.pending.append(byte)
            }
        }
        return items
    }

    private mutating func processLine(_ line: String) -> SSEItem? {
        if line.isEmpty { return self.dispatch() }
        if line.hasPrefix(":") { return .comment(String(line.dropFirst())) }
        let field: Substring
        var value: Substring
        if let colon = line.firstIndex(of: ":") {
            field = line[..<colon]
            value = line[line.index(after: colon)...]
            if value.hasPrefix(" ") { value = value.dropFirst() }
        } else {
            field = Substring(line)
            value = ""
        }
        switch field {
        case "event": self.eventType = String(value)
        case "data":
            self.dataLines.append(String(value))
            self.hasData = true
        case "id" where !value.contains("\u{0}"): self.lastEventID = String(value)
        case "retry":
            if !value.isEmpty, value.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), let milliseconds = Int(value) {
                self.retry = milliseconds
            }
        default: break
        }
        return nil
    }

    private mutating func dispatch() -> SSEItem? {
        defer {
            self.dataLines = []
            self.hasData = false
            self.eventType = ""
            self.retry = nil
        }
        guard self.hasData else { return nil }
        return .event(SSEMessage(
            event: self.eventType.isEmpty ? "message" : self.eventType,
            data: self.dataLines.joined(separator: "\n"),
            id: self.lastEventID,
            retry: self.retry
        ))
    }
}
