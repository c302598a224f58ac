import PAGI

enum RedirectStatus {
    /// `status` for `GET` and `HEAD`; for other methods the redirect that keeps the method and
    /// the body (RFC 9110 §15.4): 308 for a permanent one (301, 308), 307 for a temporary one
    /// (302, 303, 307). Clients may turn a `POST` redirected with 301 or 302 into a `GET`.
    static func status(_ status: HTTPResponse.Status, for method: HTTPRequest.Method) -> HTTPResponse.Status {
        guard method != .get && method != .head else { return status }
        switch status.code {
        case 301, 308: return .permanentRedirect
        case 302, 303, 307: return .temporaryRedirect
        default: return status
        }
    }
}
