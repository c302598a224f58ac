package import PAGI

/// A request the server refuses before (or instead of) running the application, with the
/// status it answers and a short reason for the log and the response body.
package struct HTTP1Error: Error, Equatable, CustomStringConvertible {
    package let status: HTTPResponse.Status
    package let message: String

    package init(_ status: HTTPResponse.Status, _ message: String) {
        self.status = status
        self.message = message
    }

    package var description: String { "\(self.status.code): \(self.message)" }

    package static func badRequest(_ message: String) -> HTTP1Error { HTTP1Error(.badRequest, message) }
}
