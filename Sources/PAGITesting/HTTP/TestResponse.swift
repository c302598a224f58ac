#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
public import HTTPTypes
public import NIOCore
public import PAGI

/// An HTTP response as the application produced it.
public struct TestResponse: Sendable {
    /// The status.
    public var status: HTTPResponse.Status
    /// The headers, as the application sent them.
    public var headers: Headers
    /// The body pieces, one per body event (file bodies read from their file); empty for `HEAD`.
    public var chunks: [ByteBuffer]
    /// The trailers, when the application sent them.
    public var trailers: Headers?
    /// Every event the application sent for this response, in order.
    public var events: [OutboundEvent]
    /// Whether the response was completed (the last body, and the promised trailers).
    public var isComplete: Bool
    /// With ``TestClient/Configuration/raiseAppErrors`` off: the error the application threw,
    /// the event it sent that was invalid, or ``PAGIError/Code/noResponse``.
    public var error: (any Error)?

    /// The whole body.
    public var body: ByteBuffer {
        var body = ByteBuffer()
        for chunk in self.chunks { body.writeImmutableBuffer(chunk) }
        return body
    }

    /// The body decoded as UTF-8 (invalid bytes replaced).
    public var text: String { String(buffer: self.body) }

    /// The body decoded from JSON.
    public func json<Value: Decodable>(as type: Value.Type = Value.self) throws -> Value {
        try JSONDecoder().decode(type, from: Data(self.body.readableBytesView))
    }

    /// The number of `http.fullflush` events the application sent.
    public var fullFlushCount: Int {
        self.events.filter { if case .httpFullFlush = $0 { true } else { false } }.count
    }

    init(status: HTTPResponse.Status, headers: Headers) {
        self.status = status
        self.headers = headers
        self.chunks = []
        self.trailers = nil
        self.events = []
        self.isComplete = false
        self.error = nil
    }

    /// The plain-text response a server gives when it must answer for the application.
    static func serverError(_ status: HTTPResponse.Status, error: (any Error)?) -> TestResponse {
        let text = status.reasonPhrase.isEmpty ? "Error \(status.code)" : status.reasonPhrase
        var response = TestResponse(status: status, headers: ["content-type": "text/plain; charset=utf-8", "content-length": "\(text.utf8.count)"])
        response.chunks = [ByteBuffer(string: text)]
        response.isComplete = true
        response.error = error
        return response
    }
}
