#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import NIOCore
import PAGI
import Synchronization

/// The `Date` header value (RFC 9110 IMF-fixdate, `Sun, 06 Nov 1994 08:49:37 GMT`), formatted
/// once per second and shared by every connection, both as text and as a ready header line.
enum HTTPDate {
    private struct Cached {
        var second = -1
        var value = ""
        var field = ByteBuffer()
    }

    private static let cache = Mutex(Cached())

    /// The current date, from the per-second cache.
    static func now() -> String {
        self.current { $0.value }
    }

    /// Appends `date: <now>\r\n`, from the per-second cache.
    static func writeField(into buffer: inout ByteBuffer) {
        var field = self.current { $0.field }
        buffer.writeBuffer(&field)
    }

    private static func current<Value>(_ body: (Cached) -> Value) -> Value {
        let second = time(nil)
        return self.cache.withLock { cache in
            if cache.second != second {
                let value = Self.format(second)
                cache = Cached(second: second, value: value, field: ByteBuffer(string: "date: \(value)\r\n"))
            }
            return body(cache)
        }
    }

    /// `seconds` since the epoch as an IMF-fixdate.
    static func format(_ seconds: Int) -> String {
        let time = UTCTime(seconds: seconds)
        return "\(time.weekdayAbbreviation), \(UTCTime.two(time.day)) \(time.monthAbbreviation) \(time.year) \(time.clock) GMT"
    }
}
