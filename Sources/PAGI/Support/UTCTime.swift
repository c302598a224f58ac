#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A moment broken into UTC calendar fields, for the date formats the package writes
/// (`Date` headers, access log times, example output) without Foundation.
/// Package-internal, not public API.
package struct UTCTime: Sendable {
    package let year: Int
    /// 1 to 12.
    package let month: Int
    package let day: Int
    package let hour: Int
    package let minute: Int
    package let second: Int
    /// 0 (Sunday) to 6.
    package let weekday: Int

    /// `seconds` since 1970-01-01T00:00:00Z.
    package init(seconds: Int) {
        var time = time_t(seconds)
        var parts = tm()
        gmtime_r(&time, &parts)
        self.year = Int(parts.tm_year) + 1900
        self.month = Int(parts.tm_mon) + 1
        self.day = Int(parts.tm_mday)
        self.hour = Int(parts.tm_hour)
        self.minute = Int(parts.tm_min)
        self.second = Int(parts.tm_sec)
        self.weekday = Int(parts.tm_wday)
    }

    /// Now.
    package static func now() -> UTCTime { UTCTime(seconds: Int(time(nil))) }

    /// `Jan` ... `Dec`.
    package var monthAbbreviation: String {
        ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"][self.month - 1]
    }

    /// `Sun` ... `Sat`.
    package var weekdayAbbreviation: String { ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"][self.weekday] }

    /// `HH:MM:SS`.
    package var clock: String { "\(Self.two(self.hour)):\(Self.two(self.minute)):\(Self.two(self.second))" }

    /// `value` with at least two digits.
    package static func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
}
