package import PAGI

/// What a request's state records of its response, on any protocol.
package protocol ResponseState {
    /// A start the application sent that is not on the wire yet.
    var pendingStart: ResponseStart? { get set }
    /// The status sent (for the access log).
    var status: Int? { get set }
    /// The response's fields (for the access log).
    var responseHeaders: Headers { get set }
    /// Whether the start promised trailers.
    var trailersPromised: Bool { get set }
}
