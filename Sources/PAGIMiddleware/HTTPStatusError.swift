public import PAGI

/// An error that says which HTTP status it should be answered with: ``ErrorHandler`` answers
/// it with that status (and its `headers`) instead of 500.
///
/// ```swift
/// struct NotFound: HTTPStatusError {
///     var status: HTTPResponse.Status { .notFound }
/// }
/// ```
public protocol HTTPStatusError: Error {
    /// The status to answer with.
    var status: HTTPResponse.Status { get }
    /// Header fields the answer carries (`Retry-After`, `WWW-Authenticate`, `Allow`); none by
    /// default.
    var headers: Headers { get }
}

extension HTTPStatusError {
    public var headers: Headers { [:] }
}
