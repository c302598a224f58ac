public import NIOCore

/// The `text/event-stream` wire form of `sse.send` and `sse.comment`, as the HTML standard
/// defines it. Servers write events with it; the test client reads them back.
public enum SSEEncoding {
    /// Appends `event` as one dispatch: `event:`, `id:`, `retry:` lines when present, one
    /// `data:` line per line of the data (split at CR LF, CR or LF), then a blank line.
    /// The text is written as UTF-8.
    public static func write(_ event: SSEEvent, into buffer: inout ByteBuffer) {
        // One allocation for the usual event: its text plus the field names around it.
        let textLength = event.data.utf8.count + (event.event?.utf8.count ?? 0) + (event.id?.utf8.count ?? 0)
        buffer.reserveCapacity(buffer.writerIndex + textLength + 48)
        if let name = event.event {
            buffer.writeStaticString("event: ")
            buffer.writeString(name)
            buffer.writeStaticString("\n")
        }
        if let id = event.id {
            buffer.writeStaticString("id: ")
            buffer.writeString(id)
            buffer.writeStaticString("\n")
        }
        if let retry = event.retry {
            buffer.writeStaticString("retry: ")
            buffer.writeString(String(retry))
            buffer.writeStaticString("\n")
        }
        var data = event.data
        data.withUTF8 { bytes in
            var start = 0
            var index = 0
            while index <= bytes.count {
                let atEnd = index == bytes.count
                if atEnd || bytes[index] == 0x0A || bytes[index] == 0x0D {
                    if index == start {
                        buffer.writeStaticString("data:\n")
                    } else {
                        buffer.writeStaticString("data: ")
                        buffer.writeBytes(UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: bytes[start..<index])))
                        buffer.writeStaticString("\n")
                    }
                    if atEnd { break }
                    // CR LF is one line break.
                    index += bytes[index] == 0x0D && index + 1 < bytes.count && bytes[index + 1] == 0x0A ? 2 : 1
                    start = index
                } else {
                    index += 1
                }
            }
        }
        buffer.writeStaticString("\n")
    }

    /// Appends a comment: the text with `:` in front (unless it already starts with one),
    /// then a blank line. The text must not contain CR or LF (the validator checks this).
    public static func writeComment(_ comment: String, into buffer: inout ByteBuffer) {
        if !comment.hasPrefix(":") { buffer.writeStaticString(":") }
        buffer.writeString(comment)
        buffer.writeStaticString("\n\n")
    }
}
