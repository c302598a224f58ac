public import HTTPTypes

/// The head of an HTTP response: the payload of `http.response.start`, `sse.start` and the
/// two denial responses (`websocket.http.response.start`, `sse.http.response.start`).
public struct ResponseStart: Sendable, Hashable {
    /// `status`: a final status, 200 to 599 (`sse.start` defaults to 200).
    public var status: HTTPResponse.Status
    /// `headers`: names lower-cased; `transfer-encoding` from the application is ignored,
    /// the server frames the body.
    public var headers: Headers
    /// `trailers`: `http.response.start` only; `true` promises an `http.response.trailers`
    /// event after the last body event.
    public var trailers: Bool

    /// A response head; `trailers` applies to `http.response.start` only.
    public init(status: HTTPResponse.Status = .ok, headers: Headers = [:], trailers: Bool = false) {
        self.status = status
        self.headers = headers
        self.trailers = trailers
    }
}
