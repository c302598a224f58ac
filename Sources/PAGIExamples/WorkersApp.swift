#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
public import PAGI

extension ExampleApps {
    /// The app the worker-process tests drive (`pagi-server --app workers --workers N`):
    ///
    /// - `GET /`: `pid=<process id> worker=<$PAGI_WORKER>`, so that a client sees which
    ///   worker answered, and that a replaced worker is a new process;
    /// - `GET /slow`: the same after 1.5 s (a request in flight during a shutdown);
    /// - `GET /stuck`: blocks its thread for good, ignoring cancellation (a worker that only
    ///   SIGKILL stops).
    ///
    /// Its lifespan startup fails when `PAGI_EXAMPLE_FAIL_STARTUP` is set (to that message).
    public static let workers: Application = { scope, receive, send in
        switch scope {
        case .lifespan:
            if let message = getenv("PAGI_EXAMPLE_FAIL_STARTUP").map({ String(cString: $0) }) {
                _ = try await receive()  // lifespan.startup
                try await send(.lifespanStartupFailed(message: message))
                return
            }
            // Otherwise the same lifespan as the `lifespan` example.
            try await ExampleApps.lifespan(scope, receive, send)
        case .http(let request):
            _ = try await readBody(from: receive)
            switch request.path {
            case "/slow": try await Task.sleep(for: .milliseconds(1500))
            case "/stuck": while true { sleep(1) }
            default: break
            }
            let worker = getenv("PAGI_WORKER").map { String(cString: $0) } ?? "none"
            let body = "pid=\(getpid()) worker=\(worker)"
            try await send(.httpResponseStart(status: .ok, headers: ["content-type": "text/plain; charset=utf-8", "content-length": "\(body.utf8.count)"]))
            try await send(.httpResponseBody(body))
        default:
            throw PAGIError.unsupportedScope(scope.type)
        }
    }
}
