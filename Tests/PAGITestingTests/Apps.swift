import HTTPTypes
import NIOCore
import PAGI
import Synchronization

/// Small applications the test-client tests drive.
enum Apps {
    /// Answers `text` with status 200.
    static func text(_ text: String, status: HTTPResponse.Status = .ok) -> Application {
        { scope, receive, send in
            guard case .http = scope else { throw PAGIError.unsupportedScope(scope.type) }
            try await send(.httpResponseStart(status: status, headers: ["content-type": "text/plain"]))
            try await send(.httpResponseBody(text))
        }
    }

    /// Echoes the request body, one response piece per request piece.
    static let echo: Application = { scope, receive, send in
        guard case .http = scope else { throw PAGIError.unsupportedScope(scope.type) }
        try await send(.httpResponseStart(status: .ok))
        while true {
            guard case .httpRequest(let chunk, let more) = try await receive() else { return }
            try await send(.httpResponseBody(chunk, more: more))
            if !more { return }
        }
    }

    /// Sends `count` numbered pieces, recording in `progress` how many sends returned.
    static func counter(_ count: Int, progress: Recorder<Int>) -> Application {
        { _, _, send in
            try await send(.httpResponseStart(status: .ok))
            progress.update { $0 += 1 }
            for index in 1...count {
                try await send(.httpResponseBody("\(index);", more: index < count))
                progress.update { $0 += 1 }
            }
        }
    }
}

/// A sendable box for values a test application records.
final class Recorder<Value: Sendable>: Sendable {
    private let box: Mutex<Value>
    init(_ initial: Value) { self.box = Mutex(initial) }
    var value: Value { self.box.withLock { $0 } }
    func update(_ body: (inout Value) -> Void) { self.box.withLock { body(&$0) } }
}
