#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import PAGI
import Synchronization

/// The `Date` header value (RFC 9110 IMF-fixdate, `Sun, 06 Nov 1994 08:49:37 GMT`), formatted
/// once per second and shared by every connection.
enum HTTPDate {
    private static let cache = Mutex<(second: Int, value: String)>((-1, ""))

    /// The current date, from the per-second cache.
    static func now() -> String {
        let second = time(nil)
        return self.cache.withLock { cache in
            if cache.second != second {
                cache = (second, Self.format(second))
            }
            return cache.value
        }
    }

    /// `seconds` since the epoch as an IMF-fixdate.
    static func format(_ seconds: Int) -> String {
        let time = UTCTime(seconds: seconds)
        return "\(time.weekdayAbbreviation), \(UTCTime.two(time.day)) \(time.monthAbbreviation) \(time.year) \(time.clock) GMT"
    }
}
