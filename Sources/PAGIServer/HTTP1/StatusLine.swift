package import PAGI

/// Status lines (`HTTP/1.1 200 OK\r\n`), with RFC 9110's reason phrases, prepared once.
package enum StatusLine {
    private static let reasons: [Int: String] = [
        100: "Continue", 101: "Switching Protocols", 103: "Early Hints",
        200: "OK", 201: "Created", 202: "Accepted", 203: "Non-Authoritative Information", 204: "No Content",
        205: "Reset Content", 206: "Partial Content", 207: "Multi-Status",
        300: "Multiple Choices", 301: "Moved Permanently", 302: "Found", 303: "See Other", 304: "Not Modified",
        307: "Temporary Redirect", 308: "Permanent Redirect",
        400: "Bad Request", 401: "Unauthorized", 402: "Payment Required", 403: "Forbidden", 404: "Not Found",
        405: "Method Not Allowed", 406: "Not Acceptable", 407: "Proxy Authentication Required", 408: "Request Timeout",
        409: "Conflict", 410: "Gone", 411: "Length Required", 412: "Precondition Failed", 413: "Content Too Large",
        414: "URI Too Long", 415: "Unsupported Media Type", 416: "Range Not Satisfiable", 417: "Expectation Failed",
        421: "Misdirected Request", 422: "Unprocessable Content", 425: "Too Early", 426: "Upgrade Required",
        428: "Precondition Required", 429: "Too Many Requests", 431: "Request Header Fields Too Large",
        451: "Unavailable For Legal Reasons",
        500: "Internal Server Error", 501: "Not Implemented", 502: "Bad Gateway", 503: "Service Unavailable",
        504: "Gateway Timeout", 505: "HTTP Version Not Supported", 511: "Network Authentication Required",
    ]

    private static let http11: [String] = (0...599).map { "HTTP/1.1 \($0) \(reasons[$0] ?? "")\r\n" }
    private static let http10: [String] = (0...599).map { "HTTP/1.0 \($0) \(reasons[$0] ?? "")\r\n" }

    /// The standard reason phrase of `code` (empty for unregistered codes).
    package static func reason(_ code: Int) -> String { reasons[code] ?? "" }

    /// The status line for `status` in `version` (HTTP/1.0 for 1.0 requests, else HTTP/1.1).
    static func line(_ status: HTTPResponse.Status, version: HTTPVersion) -> String {
        let code = min(max(status.code, 0), 599)
        return version == .http1_0 ? http10[code] : http11[code]
    }
}
