public import Logging
public import PAGI

/// Answers an application's error with an error page, as long as the application has not
/// started its response; logs it and tells `onError`.
///
/// ```swift
/// MiddlewareStack {
///     ErrorHandler(development: environment == .development)
/// }
/// ```
///
/// - The status is that of an error conforming to ``HTTPStatusError`` (with its headers),
///   else `status`.
/// - In production the page says only the status (`500 Internal Server Error`): an error's
///   text can hold secrets. With `development`, it also shows the error's type and text.
/// - An event stream is declined, and a WebSocket handshake denied, with the same page (a
///   WebSocket closed where the server offers no denial response: the client gets 403).
/// - An application that returns without answering gets the page too (as a
///   ``PAGIError/Code/noResponse`` error), unless the client already left.
/// - After the response started, the status is on the wire and nothing can be answered: the
///   error is logged, given to `onError`, and thrown on, so that the server aborts the
///   connection and the client sees a cut-off response rather than a complete-looking one.
/// - A `CancellationError`, ``Timeout/Exceeded`` and ``PAGIError/clientDisconnected`` are
///   thrown on untouched: nobody is waiting for a page (``Timeout`` cancels the application and
///   answers itself).
///
/// Options (defaults):
/// - `development`: show the error's type and text (`false`).
/// - `contentType`: `.html`, `.json` or `.text` for every page; `nil` (the default) chooses by
///   the request's `Accept`: HTML for browsers, JSON for clients asking for it, plain text
///   when `Accept` is missing or `*/*` (as Starlette does), with `Vary: Accept`.
/// - `status`: the status of errors that carry none (500).
/// - `logger`: where errors are logged (a `Logger` labelled `pagi.error`): 5xx at `.error`,
///   others at `.info`.
/// - `onError`: called with every error (and the request) before the answer (none).
///
/// Differs from PAGI, whose default is always HTML and which ignores errors after the
/// response started (the client then sees a truncated body as complete).
public struct ErrorHandler: Middleware {
    /// The format of the error page.
    public enum ContentType: Sendable, CaseIterable {
        case html, json, text

        var mediaType: String {
            switch self {
            case .html: return "text/html"
            case .json: return "application/json"
            case .text: return "text/plain"
            }
        }
    }

    let development: Bool
    let contentType: ContentType?
    let status: HTTPResponse.Status
    let logger: Logger
    let onError: (@Sendable (any Error, RequestScope) async -> Void)?

    public init(
        development: Bool = false,
        contentType: ContentType? = nil,
        status: HTTPResponse.Status = .internalServerError,
        logger: Logger = Logger(label: "pagi.error"),
        onError: (@Sendable (any Error, RequestScope) async -> Void)? = nil
    ) {
        self.development = development
        self.contentType = contentType
        self.status = status
        self.logger = logger
        self.onError = onError
    }

    public func wrap(_ app: @escaping Application) -> Application {
        { scope, receive, send in
            guard let request = scope.request else { return try await app(scope, receive, send) }
            let progress = ResponseProgress()
            do {
                try await app(scope, receive, progress.send(through: send))
                if !progress.answered, request.connection?.isConnected != false {
                    throw PAGIError(.noResponse, "The application returned without answering the \(scope.type) scope")
                }
            } catch {
                if error is CancellationError || error is Timeout.Exceeded || (error as? PAGIError)?.code == .clientDisconnected {
                    throw error
                }
                await self.onError?(error, request)
                let status = (error as? any HTTPStatusError)?.status ?? self.status
                let answered = progress.answered
                self.logger.log(
                    level: answered || status.code >= 500 ? .error : .info,
                    "\(answered ? "Error after the response started (aborting it)" : "Error answered with \(status.code)"): \(error)",
                    metadata: ["method": "\(request.method.rawValue)", "path": "\(request.path)", "error_type": "\(type(of: error))"]
                )
                if answered { throw error }
                try await self.page(for: error, status: status, request).send(answering: scope, through: send)
            }
        }
    }

    /// The error page for `error`, in the configured or negotiated format.
    func page(for error: any Error, status: HTTPResponse.Status, _ request: RequestScope) -> CompleteResponse {
        var headers = (error as? any HTTPStatusError)?.headers ?? [:]
        let format: ContentType
        if let contentType = self.contentType {
            format = contentType
        } else {
            let types = [ContentType.text, .html, .json]
            let chosen = QualityList(request.headers, .accept).preferred(among: types.map(\.mediaType), specificity: QualityList.mediaRange)
            format = types.first { $0.mediaType == chosen } ?? .text
            headers.append(.vary, "Accept")
        }
        let reason = status.reasonPhrase.isEmpty ? "Error" : status.reasonPhrase
        let title = "\(status.code) \(reason)"
        let detail = self.development ? (type: String(reflecting: type(of: error)), text: String(describing: error)) : nil
        let body: String
        switch format {
        case .text:
            body = title + (detail.map { "\n\n\($0.type): \($0.text)" } ?? "") + "\n"
        case .json:
            var object: [String: PAGIValue] = ["status": .int(Int64(status.code)), "error": .string(reason)]
            if let detail {
                object["type"] = .string(detail.type)
                object["detail"] = .string(detail.text)
            }
            body = PAGIValue.object(object).jsonText
        case .html:
            let shown = detail.map { "<p><code>\(Self.escape($0.type))</code></p>\n<pre>\(Self.escape($0.text))</pre>\n" } ?? ""
            body = "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>\(title)</title></head>\n<body>\n<h1>\(title)</h1>\n\(shown)</body></html>\n"
        }
        return CompleteResponse(status, contentType: format.mediaType + (format == .json ? "" : "; charset=utf-8"), body: body, headers: headers)
    }

    /// `text` with the characters that mean something in HTML replaced by references.
    private static func escape(_ text: String) -> String {
        let references: [Character: String] = ["&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;", "'": "&#39;"]
        return text.map { references[$0] ?? String($0) }.joined()
    }
}
