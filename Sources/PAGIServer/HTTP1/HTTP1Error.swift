import PAGI

/// A request the server refuses before (or instead of) running the application, with the
/// status it answers and a short reason for the log and the response body.
struct HTTP1Error: Error, Equatable, CustomStringConvertible {
    let status: HTTPResponse.Status
    let message: String

    init(_ status: HTTPResponse.Status, _ message: String) {
        self.status = status
        self.message = message
    }

    var description: String { "\(self.status.code): \(self.message)" }

    static func badRequest(_ message: String) -> HTTP1Error { HTTP1Error(.badRequest, message) }
}
