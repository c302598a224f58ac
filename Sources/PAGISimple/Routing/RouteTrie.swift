import HTTPTypes

/// The routes of an application, as a trie of path segments: matching walks the path once,
/// trying at each step a literal child first, then parameters (in registration order, with
/// their constraints), then a `*rest` catch-all, and backs up when a branch leads nowhere.
struct RouteTrie<Value: Sendable>: Sendable {
    private struct Node: Sendable {
        var literals: [String: Node] = [:]
        var parameters: [Parameter] = []
        var rest: Rest?
        /// The routes that end here, by method.
        var values: [HTTPRequest.Method: Value] = [:]
        /// The pattern text of the routes that end here (for error messages).
        var shape: String?
    }

    private struct Parameter: Sendable {
        var name: String
        var constraint: ParameterConstraint?
        var node: Node
    }

    private struct Rest: Sendable {
        var name: String
        var constraint: ParameterConstraint?
        var values: [HTTPRequest.Method: Value] = [:]
    }

    /// What matching found.
    enum Match {
        /// A route for the method, with the path parameters (decoded).
        case found(Value, parameters: [String: String])
        /// Routes for the path, none for the method: these are the methods there are.
        case methodNotAllowed(allowed: [HTTPRequest.Method])
        case notFound
    }

    private var root = Node()

    /// Adds a route; throws when the same method already has a route of the same shape.
    mutating func insert(_ method: HTTPRequest.Method, _ pattern: RoutePattern, constraints: [String: ParameterConstraint], value: Value) throws(RouteError) {
        try Self.insert(method, pattern, segments: pattern.segments[...], constraints: constraints, value: value, into: &self.root)
    }

    private static func insert(
        _ method: HTTPRequest.Method,
        _ pattern: RoutePattern,
        segments: ArraySlice<RoutePattern.Segment>,
        constraints: [String: ParameterConstraint],
        value: Value,
        into node: inout Node
    ) throws(RouteError) {
        guard let segment = segments.first else {
            guard node.values[method] == nil else { throw .duplicateRoute(method: method.rawValue, pattern: pattern.text) }
            node.values[method] = value
            return
        }
        let rest = segments.dropFirst()
        switch segment {
        case .literal(let text):
            try Self.insert(method, pattern, segments: rest, constraints: constraints, value: value, into: &node.literals[text, default: Node()])
        case .parameter(let name):
            // Parameters share a branch only when their constraint is the same one (none).
            let constraint = constraints[name]
            if constraint == nil, let index = node.parameters.firstIndex(where: { $0.constraint == nil }) {
                node.parameters[index].name = name
                try Self.insert(method, pattern, segments: rest, constraints: constraints, value: value, into: &node.parameters[index].node)
            } else {
                var child = Parameter(name: name, constraint: constraint, node: Node())
                try Self.insert(method, pattern, segments: rest, constraints: constraints, value: value, into: &child.node)
                node.parameters.append(child)
            }
        case .rest(let name):
            var catchAll = node.rest ?? Rest(name: name, constraint: constraints[name])
            guard catchAll.values[method] == nil else { throw .duplicateRoute(method: method.rawValue, pattern: pattern.text) }
            catchAll.values[method] = value
            node.rest = catchAll
        }
    }

    /// The route for `method` and the decoded path `segments`.
    func match(_ method: HTTPRequest.Method, _ segments: [String]) -> Match {
        var parameters: [(String, String)] = []
        var allowed: [HTTPRequest.Method]?
        if let value = Self.match(method, segments[...], in: self.root, parameters: &parameters, allowed: &allowed) {
            return .found(value, parameters: Dictionary(parameters, uniquingKeysWith: { _, last in last }))
        }
        if let allowed { return .methodNotAllowed(allowed: allowed) }
        return .notFound
    }

    private static func match(
        _ method: HTTPRequest.Method,
        _ segments: ArraySlice<String>,
        in node: Node,
        parameters: inout [(String, String)],
        allowed: inout [HTTPRequest.Method]?
    ) -> Value? {
        guard let segment = segments.first else {
            return Self.pick(method, from: node.values, allowed: &allowed) ?? Self.matchRest(method, segments, in: node, parameters: &parameters, allowed: &allowed)
        }
        let rest = segments.dropFirst()
        if let child = node.literals[segment], let value = Self.match(method, rest, in: child, parameters: &parameters, allowed: &allowed) {
            return value
        }
        for parameter in node.parameters where parameter.constraint?.accepts(segment) ?? true {
            parameters.append((parameter.name, segment))
            if let value = Self.match(method, rest, in: parameter.node, parameters: &parameters, allowed: &allowed) { return value }
            parameters.removeLast()
        }
        return Self.matchRest(method, segments, in: node, parameters: &parameters, allowed: &allowed)
    }

    private static func matchRest(
        _ method: HTTPRequest.Method,
        _ segments: ArraySlice<String>,
        in node: Node,
        parameters: inout [(String, String)],
        allowed: inout [HTTPRequest.Method]?
    ) -> Value? {
        guard let catchAll = node.rest else { return nil }
        let remainder = segments.joined(separator: "/")
        guard catchAll.constraint?.accepts(remainder) ?? true else { return nil }
        guard let value = Self.pick(method, from: catchAll.values, allowed: &allowed) else { return nil }
        parameters.append((catchAll.name, remainder))
        return value
    }

    /// The route for `method` among `values` (HEAD falls back to GET); when there is none but
    /// the path has routes, adds their methods to those a 405 lists (every branch the path
    /// matches counts: `GET /a/:id` and `DELETE /a/:id` with separate constraints are two).
    private static func pick(_ method: HTTPRequest.Method, from values: [HTTPRequest.Method: Value], allowed: inout [HTTPRequest.Method]?) -> Value? {
        guard !values.isEmpty else { return nil }
        if let value = values[method] ?? (method == .head ? values[.get] : nil) ?? values[.anyMethod] { return value }
        allowed = (allowed ?? []) + values.keys.filter { !(allowed ?? []).contains($0) }
        return nil
    }
}
