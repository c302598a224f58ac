#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import NIOCore
import PAGI

/// The `Date` header value (RFC 9110 IMF-fixdate, `Sun, 06 Nov 1994 08:49:37 GMT`), formatted
/// once per second and shared by every connection, both as text and as a ready header line.
enum HTTPDate {
    private static let cache = PerSecondCache { second in
        let value = HTTPDate.format(second)
        return (value: value, field: ByteBuffer(string: "date: \(value)\r\n"))
    }

    /// The current date, from the per-second cache.
    static func now() -> String {
        self.cache.value(at: time(nil)).value
    }

    /// Appends `date: <now>\r\n`, from the per-second cache.
    static func writeField(into buffer: inout ByteBuffer) {
        var field = self.cache.value(at: time(nil)).field
        buffer.writeBuffer(&field)
    }

    /// `seconds` since the epoch as an IMF-fixdate.
    static func format(_ seconds: Int) -> String {
        let time = UTCTime(seconds: seconds)
        return "\(time.weekdayAbbreviation), \(UTCTime.two(time.day)) \(time.monthAbbreviation) \(time.year) \(time.clock) GMT"
    }
}
