public import NIOCore

/// The `text/event-stream` wire form of `sse.send` and `sse.comment`, as the HTML standard
/// defines it. Servers write events with it; the test client reads them back.
public enum SSEEncoding {
    /// Appends `event` as one dispatch: `event:`, `id:`, `retry:` lines when present, one
    /// `data:` line per line of the data (split at CR LF, CR or LF), then a blank line.
    /// The text is written as UTF-8.
    public static func write(_ event: SSEEvent, into buffer: inout ByteBuffer) {
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
        for line in lines(of: event.data) {
            if line.isEmpty {
                buffer.writeStaticString("data:\n")
            } else {
                buffer.writeStaticString("data: ")
                buffer.writeSubstring(line)
                buffer.writeStaticString("\n")
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

    /// `text` split at CR LF, CR and LF; an empty text is one empty line.
    static func lines(of text: String) -> [Substring] {
        guard text.utf8.contains(where: { $0 == 0x0A || $0 == 0x0D }) else { return [Substring(text)] }
        var lines: [Substring] = []
        var start = text.startIndex
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            if character == "\r\n" || character == "\n" || character == "\r" {
                lines.append(text[start..<index])
                index = text.index(after: index)
                start = index
            } else {
                index = text.index(after: index)
            }
        }
        lines.append(text[start..<text.endIndex])
        return lines
    }
}
