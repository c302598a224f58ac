public import HTTPTypes
import Logging
import Synchronization
public import NIOCore
public import PAGI

/// What a route handler gets: the request (method, path, headers, query, path parameters,
/// body) and the application's named routes.
public struct Context: Sendable {
    /// The request's scope.
    public let request: RequestScope
    /// The path parameters the route matched, percent-decoded.
    public let pathParameters: [String: String]
    /// The query string, parsed.
    public let query: QueryParameters
    /// The request's `pagi.stash`: values middleware hands to the handler (a user, a request
    /// id). One store per request, shared with every layer of it, mounted applications and
    /// PAGI middleware included.
    ///
    /// ```swift
    /// context.stash["user"] = "ada"
    /// context.stash[.currentUser] = user   // with a typed ScopeKey
    /// ```
    public let stash: SharedValues
    /// The scope's `pagi.services`: application-wide objects, shared with mounted applications
    /// (the outermost Simple application's ``SimpleApp/services`` unless a layer above set one).
    public let services: SharedValues
    let receive: Receive
    let routes: NamedRoutes
    let resources: RequestResources
    let appLogger: Logger
    /// The scope's `pagi.simple.services`: what ``service(_:)`` looks in.
    let requestServices: RequestServices
    /// How far the body has been read: `body`, `form`, `param` and `multipart` can be called
    /// again.
    let bodyState = RequestBodyState()

    /// `request` must carry `pagi.stash`, `pagi.services` and `pagi.simple.services`
    /// (``CompiledApp`` sees to it).
    init(request: RequestScope, pathParameters: [String: String], receive: @escaping Receive, routes: NamedRoutes, resources: RequestResources, logger: Logger) {
        self.request = request
        self.pathParameters = pathParameters
        self.query = QueryParameters(request.queryString)
        self.stash = request[.stash] ?? SharedValues()
        self.services = request[.services] ?? SharedValues()
        self.requestServices = request[.simpleServices] ?? RequestServices(entering: AppRuntime(), outer: nil)
        self.receive = receive
        self.routes = routes
        self.resources = resources
        self.appLogger = logger
    }

    public var method: HTTPRequest.Method { self.request.method }
    /// The request path, percent-decoded.
    public var path: String { self.request.path }
    public var headers: Headers { self.request.headers }

    /// Deletes the file at `path` once the response has been sent (a file generated for this
    /// one response), whether the handler succeeded or not.
    public func deleteAfterResponse(_ path: String) {
        self.resources.removeWhenDone(path)
    }

    /// The path parameter `name`.
    public func parameter(_ name: String) -> String? {
        self.pathParameters[name]
    }

    /// The path parameter `name` as `type`; a value that does not parse answers 404 (the
    /// resource does not exist), a missing one is a programming error answered with 500.
    public func parameter<T: LosslessStringConvertible>(_ name: String, as type: T.Type) throws(HTTPError) -> T {
        guard let text = self.pathParameters[name] else {
            throw HTTPError(.internalServerError, "The route has no parameter '\(name)'")
        }
        guard let value = T(text) else { throw HTTPError(.notFound) }
        return value
    }

    /// The whole request body, up to `limit` bytes (413 beyond it). Read once: later calls
    /// give the same bytes (a body taken as a ``bodyStream(limit:)`` is gone, a 500).
    public func body(limit: Int = 1 << 20) async throws -> ByteBuffer {
        if let body = try self.bodyState.claim() {
            guard body.readableBytes <= limit else { throw HTTPError(.contentTooLarge, "The request body is over \(limit) bytes") }
            return body
        }
        var body = ByteBuffer()
        while true {
            switch try await self.receive() {
            case .httpRequest(var piece, let more):
                guard body.readableBytes + piece.readableBytes <= limit else {
                    throw HTTPError(.contentTooLarge, "The request body is over \(limit) bytes")
                }
                body.writeBuffer(&piece)
                if !more {
                    self.bodyState.keep(.whole(body))
                    return body
                }
            case .httpDisconnect:
                throw PAGIError.clientDisconnected
            default:
                continue
            }
        }
    }

    /// The body as text: invalid UTF-8 replaced with U+FFFD, or with `strict` a 400.
    public func text(limit: Int = 1 << 20, strict: Bool = false) async throws -> String {
        let body = try await self.body(limit: limit)
        guard strict else { return String(buffer: body) }
        guard let text = String(validating: body.readableBytesView, as: UTF8.self) else {
            throw HTTPError(.badRequest, "The body is not valid UTF-8")
        }
        return text
    }

    /// The path of the route named `name` with `parameters` filled in, and `query` (sorted by
    /// name) appended, under the request's `root_path`; throws when the route does not exist or
    /// a parameter is missing.
    public func url(for name: String, parameters: [String: String] = [:], query: [String: String] = [:]) throws -> String {
        // Under a mount (or a proxy's prefix) the link needs the prefix the application sits at.
        self.request.rootPath + (try self.routes.url(for: name, parameters: parameters, query: query))
    }

    /// A redirect to the route named `name` (302 Found unless `status` says otherwise).
    public func redirect(toRoute name: String, parameters: [String: String] = [:], query: [String: String] = [:], status: HTTPResponse.Status = .found) throws -> Response {
        .redirect(to: try self.url(for: name, parameters: parameters, query: query), status: status)
    }

    /// The names of the application's named routes, sorted.
    public var routeNames: [String] { self.routes.patterns.keys.sorted() }
}

/// The application's named routes, for `url(for:)`.
struct NamedRoutes: Sendable {
    var patterns: [String: RoutePattern] = [:]

    func url(for name: String, parameters: [String: String], query: [String: String]) throws(URLError) -> String {
        guard let pattern = self.patterns[name] else { throw .unknownRoute(name) }
        var path = ""
        for segment in pattern.segments {
            switch segment {
            case .literal(let text):
                path += "/" + text
            case .parameter(let parameter):
                guard let value = parameters[parameter] else { throw .missingParameter(route: name, parameter: parameter) }
                path += "/" + PercentEncoding.encodeComponent(value)
            case .rest(let parameter):
                guard let value = parameters[parameter] else { throw .missingParameter(route: name, parameter: parameter) }
                path += "/" + value.split(separator: "/", omittingEmptySubsequences: false).map { PercentEncoding.encodeComponent(String($0)) }.joined(separator: "/")
            }
        }
        if path.isEmpty { path = "/" }
        if !query.isEmpty {
            path += "?" + query.sorted { $0.key < $1.key }
                .map { PercentEncoding.encodeComponent($0.key) + "=" + PercentEncoding.encodeComponent($0.value) }
                .joined(separator: "&")
        }
        return path
    }
}

/// Why `url(for:)` failed.
public enum URLError: Error, Equatable, CustomStringConvertible {
    case unknownRoute(String)
    case missingParameter(route: String, parameter: String)

    public var description: String {
        switch self {
        case .unknownRoute(let name): return "No route is named '\(name)'"
        case .missingParameter(let route, let parameter): return "The route '\(route)' needs the parameter '\(parameter)'"
        }
    }
}
