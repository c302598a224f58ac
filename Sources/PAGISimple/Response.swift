#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
public import HTTPTypes
public import NIOCore
public import PAGI

/// What a route answers: a status, headers and a body. Handlers return one.
///
/// ```swift
/// app.get("/created") { _ in
///     try .json(["status": "created"], status: .created).header("x-custom-header", "Custom Value")
/// }
/// ```
public struct Response: Sendable {
    public var status: HTTPResponse.Status
    public var headers: Headers
    public var body: ResponseBody

    public init(status: HTTPResponse.Status = .ok, headers: Headers = [:], body: ResponseBody) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    public init(status: HTTPResponse.Status = .ok, headers: Headers = [:], body: ByteBuffer = ByteBuffer()) {
        self.init(status: status, headers: headers, body: .buffer(body))
    }

    /// `text/plain; charset=utf-8`.
    public static func text(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: ["content-type": "text/plain; charset=utf-8"], body: ByteBuffer(string: text))
    }

    /// `text/html; charset=utf-8`.
    public static func html(_ html: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: ["content-type": "text/html; charset=utf-8"], body: ByteBuffer(string: html))
    }

    /// Any `Encodable` as JSON (`application/json`), keys sorted so that output is stable.
    public static func json(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(value)
        return Response(status: status, headers: ["content-type": "application/json"], body: ByteBuffer(bytes: data))
    }

    /// A redirect to `location` (302 Found by default; 301, 303, 307 and 308 also make sense).
    public static func redirect(to location: String, status: HTTPResponse.Status = .found) -> Response {
        Response(status: status, headers: ["location": ByteString(location)])
    }

    /// No body (204 by default).
    public static func empty(status: HTTPResponse.Status = .noContent) -> Response {
        Response(status: status)
    }

    /// The response with `fields` added, each unless the response already has that name.
    func adding(_ fields: Headers) -> Response {
        var copy = self
        for field in fields where !copy.headers.contains(field.name) { copy.headers.append(field.name, field.value) }
        return copy
    }

    /// The response with one more header field.
    public func header(_ name: HeaderName, _ value: String) -> Response {
        var copy = self
        copy.headers.append(name, ByteString(value))
        return copy
    }
}

/// What a ``Response`` sends after its head.
public enum ResponseBody: Sendable {
    /// Bytes in memory, sent with a `content-length`.
    case buffer(ByteBuffer)
    /// Bytes written as they are produced (chunked on HTTP/1.1): see ``Response/stream(status:contentType:_:)``.
    case stream(@Sendable (ResponseWriter) async throws -> Void)
    /// A file the server sends, honouring `Range` and conditional requests: see
    /// ``Response/file(_:contentType:disposition:)``.
    case file(FileResponse)
}

/// An error that answers with its own status and message: thrown from a handler (or by
/// `abort`), it becomes that response, through the application's error handler for the status
/// when there is one.
public struct HTTPError: Error, Sendable, CustomStringConvertible {
    public var status: HTTPResponse.Status
    /// Shown to the client (by the default rendering) as the body.
    public var message: String
    /// Header fields the response carries whoever renders it (`Allow`, `WWW-Authenticate`,
    /// `Retry-After`).
    public var headers: Headers

    public init(_ status: HTTPResponse.Status, _ message: String? = nil, headers: Headers = [:]) {
        self.status = status
        self.message = message ?? status.reasonPhrase
        self.headers = headers
    }

    public var description: String { "\(self.status.code) \(self.message)" }
}

/// An error that knows how to answer: thrown from a handler, it becomes its own response
/// (unless the application has an error handler for its status, which then gets an
/// ``HTTPError`` with the error's status and description).
///
/// ```swift
/// struct OutOfStock: RenderableError {
///     let item: String
///     var status: HTTPResponse.Status { .conflict }
///     func response(for context: Context) async throws -> Response {
///         try .json(["error": "out of stock", "item": item], status: status)
///     }
/// }
/// ```
public protocol RenderableError: Error {
    /// The status the error answers with.
    var status: HTTPResponse.Status { get }
    /// The response for the request in `context`.
    func response(for context: Context) async throws -> Response
}

/// Stops the handler with `status` and `message` (throws ``HTTPError``).
public func abort(_ status: HTTPResponse.Status, _ message: String? = nil) throws -> Never {
    throw HTTPError(status, message)
}
