#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
public import PAGI

/// Health endpoints for load balancers and orchestrators, answered in JSON before the
/// application sees the request; every other path goes to the application.
///
/// ```swift
/// MiddlewareStack {
///     Healthcheck(checks: [
///         .init("database") { try await database.ping() },
///         .init("cache", timeout: .milliseconds(200)) { await cache.isReachable },
///     ])
/// }
/// ```
///
/// - `livePath` (liveness) answers 200 `{"status":"ok"}` as long as the process serves
///   requests; it runs no check, so a slow dependency never gets the process restarted.
/// - `readyPath` (readiness) runs every check, all at once, each within its timeout: 200
///   `{"status":"ok"}` when all pass, else 503 `{"status":"error"}`; with `includeDetails`,
///   `"checks"` gives each check's `status` and, for a failure, its `message` (the error's text,
///   or `timed out after …`). A check that ignores cancellation is left to finish on its own:
///   the answer does not wait for it.
/// - `path` (PAGI's single endpoint) answers as `readyPath` does, with a `timestamp`
///   (seconds since 1970); its `checks` appear only when there are some.
/// - Answers carry `Cache-Control: no-cache, no-store`. `GET` and `HEAD` only; other methods
///   get 405 with `Allow: GET, HEAD`. Only HTTP scopes are answered.
///
/// Options (defaults): `path` (`/health`), `livePath` (`/health/live`), `readyPath`
/// (`/health/ready`) (`nil` turns one off), `checks` (none), `timeout` (5 seconds, for checks
/// without their own), `includeDetails` (`true`).
///
/// Differs from PAGI: the liveness and readiness paths are on by default (PAGI had none), checks
/// are async and have timeouts, and they run concurrently.
public struct Healthcheck: Middleware {
    /// A named readiness check: passes when `run` returns `true`; fails when it returns
    /// `false`, throws, or takes longer than its timeout.
    public struct Check: Sendable {
        public let name: String
        /// This check's timeout; `nil` uses the middleware's.
        public let timeout: Duration?
        let run: @Sendable () async throws -> Bool

        public init(_ name: String, timeout: Duration? = nil, _ run: @escaping @Sendable () async throws -> Bool) {
            self.name = name
            self.timeout = timeout
            self.run = run
        }
    }

    let path: String?
    let livePath: String?
    let readyPath: String?
    let checks: [Check]
    let timeout: Duration
    let includeDetails: Bool

    public init(
        path: String? = "/health",
        livePath: String? = "/health/live",
        readyPath: String? = "/health/ready",
        checks: [Check] = [],
        timeout: Duration = .seconds(5),
        includeDetails: Bool = true
    ) {
        self.path = path
        self.livePath = livePath
        self.readyPath = readyPath
        self.checks = checks
        self.timeout = timeout
        self.includeDetails = includeDetails
    }

    public func wrap(_ app: @escaping Application) -> Application {
        { scope, receive, send in
            guard case .http(let request) = scope, [self.path, self.livePath, self.readyPath].contains(request.path) else {
                return try await app(scope, receive, send)
            }
            try await self.answer(request).send(answering: scope, through: send)
        }
    }

    private func answer(_ request: RequestScope) async -> CompleteResponse {
        guard request.method == .get || request.method == .head else {
            return CompleteResponse(.methodNotAllowed, contentType: "text/plain; charset=utf-8", body: "Method Not Allowed", headers: ["allow": "GET, HEAD"])
        }
        var report: [String: PAGIValue] = ["status": "ok"]
        var healthy = true
        if request.path != self.livePath {
            let outcomes = await self.runChecks()
            healthy = outcomes.values.allSatisfy { $0 == nil }
            report["status"] = healthy ? "ok" : "error"
            if self.includeDetails, request.path == self.readyPath || !self.checks.isEmpty {
                report["checks"] = .object(outcomes.mapValues { failure in
                    failure.map { ["status": "error", "message": .string($0)] } ?? ["status": "ok"]
                })
            }
            if request.path == self.path, request.path != self.readyPath { report["timestamp"] = .int(Int64(time(nil))) }
        }
        return CompleteResponse(
            healthy ? .ok : .serviceUnavailable,
            contentType: "application/json",
            body: PAGIValue.object(report).jsonText,
            headers: ["cache-control": "no-cache, no-store"]
        )
    }

    /// Every check's failure message by name (`nil` for a pass), run concurrently.
    private func runChecks() async -> [String: String?] {
        await withTaskGroup(of: (String, String?).self) { group in
            for check in self.checks {
                group.addTask { (check.name, await Self.failure(of: check, within: check.timeout ?? self.timeout)) }
            }
            var outcomes: [String: String?] = [:]
            for await (name, failure) in group { outcomes[name] = failure }
            return outcomes
        }
    }

    /// Why `check` failed, or `nil` when it passed; gives up once `timeout` has passed, without
    /// waiting for a check that ignores its cancellation.
    private static func failure(of check: Check, within timeout: Duration) async -> String? {
        let race = FirstFinisher<String?>()
        return await withCheckedContinuation { continuation in
            race.start(continuation)
            race.add(Task {
                do {
                    race.finish(with: try await check.run() ? nil : "the check failed")
                } catch {
                    race.finish(with: "\(error)")
                }
            })
            race.add(Task {
                try? await Task.sleep(for: timeout)
                race.finish(with: "timed out after \(timeout)")
            })
        }
    }
}
