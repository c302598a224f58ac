public import PAGI

/// Adds the time the application took to start its response, in seconds, as a response
/// header: `X-Runtime: 0.001234`.
///
/// The clock starts when the request reaches this middleware and stops when the response
/// head passes back through it: put it outermost to measure every layer. It applies to HTTP
/// responses, event streams (the time to `sse.start`) and the HTTP responses that refuse a
/// WebSocket or decline a stream. The header replaces one of the same name from inner layers
/// (an outer `Runtime` measures more).
public struct Runtime: Middleware {
    /// The header's name.
    public let header: HeaderName
    /// The digits after the decimal point, 0 to 9.
    public let precision: Int

    /// `header` (`x-runtime`) with `precision` digits (6: microseconds).
    public init(header: HeaderName = "x-runtime", precision: Int = 6) {
        self.header = header
        self.precision = min(max(precision, 0), 9)
    }

    public func wrap(_ app: @escaping Application) -> Application {
        let header = self.header
        let precision = self.precision
        return { scope, receive, send in
            guard scope.request != nil else { return try await app(scope, receive, send) }
            let clock = ContinuousClock()
            let start = clock.now
            try await app(scope, receive, changingResponseHeads(send) { head in
                head.headers.replace(header, with: ByteString(Self.seconds(start.duration(to: clock.now), precision: precision)))
            })
        }
    }

    /// `duration` in seconds with `precision` digits after the point (rounded half up):
    /// `0.001234`.
    static func seconds(_ duration: Duration, precision: Int) -> String {
        let (seconds, attoseconds) = duration.components
        var scale: Int64 = 1
        for _ in 0..<precision { scale *= 10 }
        // Attoseconds in one unit of the last digit, and the rounded count of such units.
        let unit = 1_000_000_000_000_000_000 / scale
        var fraction = (attoseconds + unit / 2) / unit
        var whole = seconds
        if fraction >= scale {
            whole += 1
            fraction -= scale
        }
        guard precision > 0 else { return String(whole) }
        let digits = String(fraction)
        return "\(whole)." + String(repeating: "0", count: precision - digits.count) + digits
    }
}
