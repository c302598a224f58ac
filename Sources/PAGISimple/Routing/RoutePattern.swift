/// A route's path pattern, such as `/users/:id/files/*path`: literal segments, `:name`
/// parameters that match one segment, and a final `*name` that matches the rest of the path
/// (possibly nothing).
struct RoutePattern: Sendable, Hashable {
    enum Segment: Sendable, Hashable {
        case literal(String)
        case parameter(String)
        case rest(String)
    }

    let text: String
    let segments: [Segment]

    /// Parses `text`; throws when it does not start with `/`, a name is empty or repeated,
    /// or a `*rest` segment is not the last.
    init(_ text: String) throws(RouteError) {
        guard text.hasPrefix("/") else { throw .invalidPattern(text, "a pattern starts with '/'") }
        var segments: [Segment] = []
        var names = Set<String>()
        let parts = RoutePattern.split(text)
        for (index, part) in parts.enumerated() {
            if let first = part.first, first == ":" || first == "*" {
                let name = String(part.dropFirst())
                guard !name.isEmpty else { throw .invalidPattern(text, "a parameter needs a name") }
                guard names.insert(name).inserted else { throw .invalidPattern(text, "the parameter '\(name)' appears twice") }
                if first == "*" {
                    guard index == parts.count - 1 else { throw .invalidPattern(text, "'*\(name)' must be the last segment") }
                    segments.append(.rest(name))
                } else {
                    segments.append(.parameter(name))
                }
            } else {
                segments.append(.literal(part))
            }
        }
        self.text = text
        self.segments = segments
    }

    /// The names of the pattern's parameters, in order.
    var parameterNames: [String] {
        self.segments.compactMap {
            switch $0 {
            case .literal: return nil
            case .parameter(let name), .rest(let name): return name
            }
        }
    }

    /// The segments of a path: split at `/`, without the leading one; one trailing `/` is
    /// ignored (`/users/` is `/users`), and the root is no segment at all.
    static func split(_ path: some StringProtocol) -> [String] {
        var parts = path.split(separator: "/" as Character, omittingEmptySubsequences: false).map { String($0) }
        if parts.first == "" { parts.removeFirst() }
        if parts.count > 0 && parts.last == "" { parts.removeLast() }
        return parts
    }
}

/// A route that cannot be registered; `SimpleApp.build()` throws it.
public enum RouteError: Error, Equatable, CustomStringConvertible {
    /// The pattern is malformed.
    case invalidPattern(String, String)
    /// Two routes have the same method and the same pattern shape.
    case duplicateRoute(method: String, pattern: String)
    /// Two routes have the same name.
    case duplicateName(String)
    /// A constraint names a parameter the pattern does not have.
    case unknownParameter(pattern: String, name: String)

    public var description: String {
        switch self {
        case .invalidPattern(let pattern, let why): return "Invalid route pattern '\(pattern)': \(why)"
        case .duplicateRoute(let method, let pattern): return "Route \(method) \(pattern) is registered twice"
        case .duplicateName(let name): return "Two routes are named '\(name)'"
        case .unknownParameter(let pattern, let name): return "Route '\(pattern)' has no parameter '\(name)' to constrain"
        }
    }
}
