#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import NIOCore
import PAGI

/// The `Date` header (RFC 9110 IMF-fixdate, `Sun, 06 Nov 1994 08:49:37 GMT`), formatted once
/// per second as a ready header line and shared by every connection.
package enum HTTPDate {
    private static let fields = PerSecondCache { second in ByteBuffer(string: "date: \(HTTPDate.format(second))\r\n") }

    /// Appends `date: <now>\r\n`, from the per-second cache.
    static func writeField(into buffer: inout ByteBuffer) {
        var field = self.fields.value(at: time(nil))
        buffer.writeBuffer(&field)
    }

    /// The current date as an IMF-fixdate, from the per-second cache (for HTTP/2, whose
    /// fields are not lines).
    package static var now: String {
        let field = self.fields.value(at: time(nil))
        return String(buffer: field.getSlice(at: field.readerIndex + 6, length: field.readableBytes - 8)!)
    }

    /// `seconds` since the epoch as an IMF-fixdate.
    static func format(_ seconds: Int) -> String {
        UTCTime(seconds: seconds).httpDate
    }
}
