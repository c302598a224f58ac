import PAGI

/// An access log line format: Apache-style atoms, or a preset by name. Parsed once; each
/// request only fills it in.
///
/// | Atom | Value |
/// |---|---|
/// | `%h` | client address |
/// | `%l`, `%u` | `-` (remote logname, remote user) |
/// | `%t` | time of the request, `10/Feb/2026:12:34:56 +0000` |
/// | `%r` | request line, `GET /path?query HTTP/1.1` |
/// | `%m`, `%U`, `%q`, `%H` | method, path, `?query` (or nothing), protocol |
/// | `%s` | status |
/// | `%b`, `%B` | body bytes (`-` or `0` when none) |
/// | `%d` | duration in seconds with 3 decimals (`0.123`) |
/// | `%D` | duration in microseconds |
/// | `%T` | duration in whole seconds; `%{ms}T`, `%{us}T`, `%{s}T` in that unit |
/// | `%{Name}i`, `%{Name}o` | a request or response header (`-` when missing) |
/// | `%%` | `%` |
///
/// Presets: `clf` (the default, `%h - - [%t] "%m %U%q" %s %ds`), `common`
/// (`%h - - [%t] "%r" %s %b`), `combined` (common plus `"%{Referer}i" "%{User-Agent}i"`),
/// `tiny` (`%m %U%q %s %{ms}Tms`), and `json` (one JSON object per line).
public struct AccessLogFormat: Sendable {
    enum Atom: Sendable, Equatable {
        case literal(String)
        case client, dash, time, requestLine, method, path, query, httpProtocol, status
        case bytesOrDash, bytes, seconds3, microseconds, milliseconds, wholeSeconds
        case requestHeader(HeaderName), responseHeader(HeaderName)
    }

    enum Kind: Sendable, Equatable {
        case atoms([Atom])
        case json
    }

    let kind: Kind

    /// A format parsed from `format`, or the preset it names.
    public init(_ format: String) throws(AccessLogFormatError) {
        switch format {
        case "clf": self = .clf
        case "common": self = .common
        case "combined": self = .combined
        case "tiny": self = .tiny
        case "json": self = .json
        default: self.kind = .atoms(try Self.parse(format))
        }
    }

    private init(kind: Kind) { self.kind = kind }

    private init(uncheckedFormat format: String) {
        self.kind = .atoms(try! Self.parse(format))
    }

    /// `%h - - [%t] "%m %U%q" %s %ds`
    public static let clf = AccessLogFormat(uncheckedFormat: #"%h - - [%t] "%m %U%q" %s %ds"#)
    /// `%h - - [%t] "%r" %s %b`
    public static let common = AccessLogFormat(uncheckedFormat: #"%h - - [%t] "%r" %s %b"#)
    /// `%h - - [%t] "%r" %s %b "%{Referer}i" "%{User-Agent}i"`
    public static let combined = AccessLogFormat(uncheckedFormat: #"%h - - [%t] "%r" %s %b "%{Referer}i" "%{User-Agent}i""#)
    /// `%m %U%q %s %{ms}Tms`
    public static let tiny = AccessLogFormat(uncheckedFormat: "%m %U%q %s %{ms}Tms")
    /// One JSON object per line: time, client, method, path, query, protocol, status, bytes,
    /// duration_ms, referer, user_agent.
    public static let json = AccessLogFormat(kind: .json)

    /// The names of the presets.
    public static let presetNames = ["clf", "common", "combined", "tiny", "json"]

    /// The log line for `entry` (without a line end).
    public func line(for entry: AccessLogEntry) -> String {
        switch self.kind {
        case .json: return Self.json(entry)
        case .atoms(let atoms):
            var line = ""
            line.reserveCapacity(160)  // A combined-format line with a browser's user agent.
            for atom in atoms { Self.append(atom, of: entry, to: &line) }
            return line
        }
    }

    private static func append(_ atom: Atom, of entry: AccessLogEntry, to line: inout String) {
        switch atom {
        case .literal(let text): line += text
        case .client: line += entry.client ?? "-"
        case .dash: line += "-"
        case .time: line += Self.clfTime(entry.time)
        case .requestLine: line += "\(entry.method) \(entry.path)\(entry.query.isEmpty ? "" : "?" + entry.query) \(entry.httpProtocol)"
        case .method: line += entry.method
        case .path: line += entry.path
        case .query: if !entry.query.isEmpty { line += "?" + entry.query }
        case .httpProtocol: line += entry.httpProtocol
        case .status: line += String(entry.status)
        case .bytesOrDash: line += entry.bodyBytes == 0 ? "-" : String(entry.bodyBytes)
        case .bytes: line += String(entry.bodyBytes)
        case .seconds3:
            let milliseconds = Self.microseconds(entry.duration) / 1000
            let fraction = String(milliseconds % 1000)
            line += "\(milliseconds / 1000)." + String(repeating: "0", count: 3 - fraction.count) + fraction
        case .microseconds: line += String(Self.microseconds(entry.duration))
        case .milliseconds: line += String(Self.microseconds(entry.duration) / 1000)
        case .wholeSeconds: line += String(entry.duration.components.seconds)
        case .requestHeader(let name): line += entry.requestHeaders[name] ?? "-"
        case .responseHeader(let name): line += entry.responseHeaders[name] ?? "-"
        }
    }

    private static func microseconds(_ duration: Duration) -> Int64 {
        duration.components.seconds * 1_000_000 + duration.components.attoseconds / 1_000_000_000_000
    }

    private static func json(_ entry: AccessLogEntry) -> String {
        PAGIValue.object([
            "time": .string(Self.clfTime(entry.time)),
            "client": entry.client.map { .string($0) } ?? .null,
            "method": .string(entry.method),
            "path": .string(entry.path),
            "query": .string(entry.query),
            "protocol": .string(entry.httpProtocol),
            "status": .int(Int64(entry.status)),
            "bytes": .int(Int64(entry.bodyBytes)),
            "duration_ms": .double(Double(Self.microseconds(entry.duration)) / 1000),
            "referer": entry.requestHeaders["referer"].map { .string($0) } ?? .null,
            "user_agent": entry.requestHeaders[.userAgent].map { .string($0) } ?? .null,
        ]).jsonText
    }

    /// `10/Feb/2026:12:34:56 +0000`, formatted once per second: most lines share it.
    static func clfTime(_ seconds: Int) -> String {
        Self.clfTimes.value(at: seconds)
    }

    private static let clfTimes = PerSecondCache { seconds in
        let time = UTCTime(seconds: seconds)
        return "\(UTCTime.two(time.day))/\(time.monthAbbreviation)/\(time.year):\(time.clock) +0000"
    }
}

/// A format string that cannot be parsed.
public struct AccessLogFormatError: Error, CustomStringConvertible, Sendable {
    public let description: String
}

extension AccessLogFormat {
    static func parse(_ format: String) throws(AccessLogFormatError) -> [Atom] {
        var atoms: [Atom] = []
        var literal = ""
        var characters = Substring(format)
        while let character = characters.popFirst() {
            guard character == "%" else {
                literal.append(character)
                continue
            }
            var argument: String?
            if characters.first == "{" {
                guard let close = characters.firstIndex(of: "}") else {
                    throw AccessLogFormatError(description: "Unclosed %{ in access log format \(String(reflecting: format))")
                }
                argument = String(characters[characters.index(after: characters.startIndex)..<close])
                characters = characters[characters.index(after: close)...]
            }
            guard let code = characters.popFirst() else {
                throw AccessLogFormatError(description: "Access log format \(String(reflecting: format)) ends with %")
            }
            let atom: Atom
            switch (code, argument) {
            case ("%", nil): literal.append("%"); continue
            case ("h", nil): atom = .client
            case ("l", nil), ("u", nil): atom = .dash
            case ("t", nil): atom = .time
            case ("r", nil): atom = .requestLine
            case ("m", nil): atom = .method
            case ("U", nil): atom = .path
            case ("q", nil): atom = .query
            case ("H", nil): atom = .httpProtocol
            case ("s", nil): atom = .status
            case ("b", nil): atom = .bytesOrDash
            case ("B", nil): atom = .bytes
            case ("d", nil): atom = .seconds3
            case ("D", nil), ("T", "us"?): atom = .microseconds
            case ("T", nil), ("T", "s"?): atom = .wholeSeconds
            case ("T", "ms"?): atom = .milliseconds
            case ("i", let name?): atom = .requestHeader(HeaderName(name))
            case ("o", let name?): atom = .responseHeader(HeaderName(name))
            default:
                throw AccessLogFormatError(description: "Unknown atom %\(argument.map { "{\($0)}" } ?? "")\(code) in access log format \(String(reflecting: format))")
            }
            if !literal.isEmpty {
                atoms.append(.literal(literal))
                literal = ""
            }
            atoms.append(atom)
        }
        if !literal.isEmpty { atoms.append(.literal(literal)) }
        return atoms
    }
}
