import Synchronization
import PAGI

/// What an application has sent of its answer to one scope, recorded by the `send` that
/// ``send(through:)`` returns: whether it answered yet, the status and headers it answered
/// with, and how many HTTP body bytes followed.
///
/// Middleware that must know whether a response started (an error page can only be sent
/// before) or what it was (an access log line) watches `send` with it. ``stop(with:)`` makes
/// every later `send` throw, for middleware that takes over the answer.
final class ResponseProgress: Sendable {
    private struct State {
        var answered = false
        var status: Int?
        var headers = Headers()
        var bodyBytes = 0
        var stopped: (any Error)?
    }

    private let state = Mutex(State())

    /// `send`, recording what passes through it; once stopped, it throws the stop's error
    /// instead of sending. An answer counts from the moment it is sent (so that ``stop(with:)``
    /// cannot miss one on its way), and no longer when sending it fails (it never went out).
    func send(through send: @escaping Send) -> Send {
        { event in
            let answers = try self.state.withLock { state throws(any Error) in
                if let error = state.stopped { throw error }
                let answered = state.answered
                Self.record(event, in: &state)
                return !answered && state.answered
            }
            do {
                try await send(event)
            } catch {
                if answers { self.state.withLock { ($0.answered, $0.status, $0.headers) = (false, nil, Headers()) } }
                throw error
            }
        }
    }

    /// Whether the application has answered: started a response or an event stream, or
    /// accepted, refused or denied a WebSocket. After that, nobody else can answer.
    var answered: Bool { self.state.withLock { $0.answered } }

    /// The status of the answer: 101 for an accepted WebSocket, 403 for one closed before it
    /// was accepted; `nil` before the answer.
    var status: Int? { self.state.withLock { $0.status } }

    /// The headers of the answer (empty before it).
    var headers: Headers { self.state.withLock { $0.headers } }

    /// The HTTP body bytes sent: of the response, or of the response that refused a WebSocket
    /// or declined an event stream (a file body counts with its `length`, when it has one).
    var bodyBytes: Int { self.state.withLock { $0.bodyBytes } }

    /// Makes every later `send` throw `error`; returns whether the application had answered
    /// before. Checking and stopping are one step, so the application cannot start its
    /// response in between.
    func stop(with error: any Error) -> Bool {
        self.state.withLock { state in
            state.stopped = error
            return state.answered
        }
    }

    private static func record(_ event: OutboundEvent, in state: inout State) {
        switch event {
        case .httpResponseStart(let start), .sseStart(let start), .sseHTTPResponseStart(let start),
            .websocketHTTPResponseStart(let start):
            state.answered = true
            state.status = Int(start.status.code)
            state.headers = start.headers
        case .websocketAccept(_, let headers):
            if !state.answered { (state.answered, state.status, state.headers) = (true, 101, headers) }
        case .websocketClose:
            if !state.answered { (state.answered, state.status) = (true, 403) }
        case .httpResponseBody(let bytes, _), .sseHTTPResponseBody(let bytes, _), .websocketHTTPResponseBody(let bytes, _):
            state.bodyBytes += bytes.readableBytes
        case .httpResponseFile(let file):
            state.bodyBytes += Int(file.length ?? 0)
        default:
            break
        }
    }
}
