#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

extension UTCTime {
    /// The moment as an HTTP date (RFC 9110 IMF-fixdate: `Sun, 06 Nov 1994 08:49:37 GMT`).
    package var httpDate: String {
        "\(self.weekdayAbbreviation), \(Self.two(self.day)) \(self.monthAbbreviation) \(self.year) \(self.clock) GMT"
    }

    /// Seconds since the epoch of an HTTP date in any of the three forms RFC 9110 §5.6.7 says a
    /// recipient accepts (IMF-fixdate, RFC 850, asctime); `nil` when `text` is none of them.
    package static func seconds(fromHTTPDate text: some StringProtocol) -> Int? {
        // Every form is, after dropping the weekday, day / month / year / clock in some order.
        let words = String(text).split(whereSeparator: { (character: Character) in character == " " || character == "," || character == "-" }).map(String.init)
        let day: String, month: String, year: String, clock: String
        switch words.count {
        case 6 where words[5] == "GMT":  // IMF-fixdate `Sun, 06 Nov 1994 08:49:37 GMT` or RFC 850 `Sunday, 06-Nov-94 08:49:37 GMT`
            (day, month, year, clock) = (words[1], words[2], words[3], words[4])
        case 5:  // asctime `Sun Nov  6 08:49:37 1994`
            (day, month, year, clock) = (words[2], words[1], words[4], words[3])
        default:
            return nil
        }
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        let clockParts = clock.split(separator: ":").compactMap { Int($0) }
        guard let monthIndex = months.firstIndex(of: month), var fullYear = Int(year), let dayNumber = Int(day),
              (1...31).contains(dayNumber), clockParts.count == 3 else { return nil }
        if year.count == 2 { fullYear += fullYear < 70 ? 2000 : 1900 }  // RFC 850's two-digit years
        var parts = tm()
        parts.tm_year = Int32(fullYear - 1900)
        parts.tm_mon = Int32(monthIndex)
        parts.tm_mday = Int32(dayNumber)
        parts.tm_hour = Int32(clockParts[0])
        parts.tm_min = Int32(clockParts[1])
        parts.tm_sec = Int32(clockParts[2])
        return Int(timegm(&parts))
    }
}
