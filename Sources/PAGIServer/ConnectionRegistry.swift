package import NIOCore
package import PAGI
import Synchronization

/// What a connection is busy with (a request, a WebSocket), as the registry sees it: it ends
/// when the connection closes under it, and it hears when a graceful shutdown begins.
package protocol ConnectionActivity: AnyObject, Sendable {
    /// The connection closed, or the server gave up on it: `reason` says why.
    func end(_ reason: DisconnectReason)
    /// A graceful shutdown began: event streams end, WebSockets close with `closeCode`
    /// (1001 going away, or 1012 for a restart); plain requests just finish.
    func beginShutdown(closeCode: WebSocketCloseCode)
    /// The server's periodic sweep over its connections passes by (WebSockets use it to notice
    /// an application that stopped reading).
    func sweep()
}

/// The server's open connections, so that a graceful shutdown can close the idle ones at
/// once, end event streams, let requests in flight finish, and force-close the rest when
/// the shutdown timeout passes.
package final class ConnectionRegistry: Sendable {
    package final class Entry: Sendable {
        let channel: any Channel
        private struct State {
            var idle = true
            var closed = false
            var activity: (any ConnectionActivity)?
            var watchdog: ConnectionWatchdog?
        }
        private let state = Mutex(State())

        init(channel: any Channel) { self.channel = channel }

        /// The watchdog the server's sweep checks for this connection.
        func watch(with watchdog: ConnectionWatchdog) { self.state.withLock { $0.watchdog = watchdog } }

        var watchdog: ConnectionWatchdog? { self.state.withLock { $0.watchdog } }

        /// The connection waits for a request (`true`) or serves one.
        package func setIdle(_ idle: Bool) { self.state.withLock { $0.idle = idle } }

        /// The request or WebSocket in progress, if any.
        var activity: (any ConnectionActivity)? { self.state.withLock { $0.activity } }

        /// Makes `activity` the one in progress. When the connection already closed, it ends
        /// at once (`closeReason`), so its application is not left waiting.
        package func setActivity(_ activity: (any ConnectionActivity)?, closeReason: @autoclosure () -> DisconnectReason) {
            let closed = self.state.withLock { state in
                state.activity = activity
                return state.closed
            }
            if closed { activity?.end(closeReason()) }
        }

        /// Records that the connection closed; returns the activity in progress to end.
        package func markClosed() -> (any ConnectionActivity)? {
            self.state.withLock { state in
                state.closed = true
                return state.activity
            }
        }

        var isIdle: Bool { self.state.withLock { $0.idle } }

        /// Closes the connection after ``ConnectionRegistry/idleConnectionGrace`` unless it
        /// is serving a request by then.
        func closeIfStillIdleAfterGrace() {
            self.channel.eventLoop.scheduleTask(in: ConnectionRegistry.idleConnectionGrace) {
                if self.isIdle { self.channel.close(promise: nil) }
            }
        }
    }

    /// How long an idle connection may still send a request once a graceful shutdown began;
    /// the request is answered (with `connection: close`). Its client may have sent it
    /// already: closing at once would fail it, and a rolling restart of workers would lose
    /// requests.
    static let idleConnectionGrace: TimeAmount = .seconds(1)

    private struct State {
        var entries: [ObjectIdentifier: Entry] = [:]
        var shuttingDown = false
    }

    private let state = Mutex(State())

    /// Registers a connection; `nil` when the server is shutting down (close it at once).
    /// `overLimit` is true when more than `limit` connections are then open.
    func add(_ channel: any Channel, limit: Int?) -> (entry: Entry, overLimit: Bool)? {
        let entry = Entry(channel: channel)
        return self.state.withLock { state in
            if state.shuttingDown { return nil }
            state.entries[ObjectIdentifier(entry)] = entry
            return (entry, limit.map { state.entries.count > $0 } ?? false)
        }
    }

    func remove(_ entry: Entry) {
        self.state.withLock { _ = $0.entries.removeValue(forKey: ObjectIdentifier(entry)) }
    }

    /// Whether a graceful shutdown has begun: connections finish their request and close.
    package var isShuttingDown: Bool { self.state.withLock { $0.shuttingDown } }

    /// Begins a graceful shutdown: idle connections close unless a request arrives within
    /// ``idleConnectionGrace``, event streams are told the
    /// server is shutting down (`sse.disconnect` with `server_shutdown`), WebSockets are
    /// closed with `webSocketCloseCode` (the close handshake runs within the shutdown timeout).
    func beginShutdown(webSocketCloseCode: WebSocketCloseCode = .goingAway) {
        let entries = self.state.withLock { state in
            state.shuttingDown = true
            return Array(state.entries.values)
        }
        for entry in entries {
            if entry.isIdle {
                entry.closeIfStillIdleAfterGrace()
            } else {
                entry.activity?.beginShutdown(closeCode: webSocketCloseCode)
            }
        }
    }

    /// Checks every connection's timeouts every `interval`, until cancelled (see
    /// ``ConnectionWatchdog``), and lets each connection's activity look at itself.
    func sweep(every interval: Duration) async {
        while (try? await Task.sleep(for: interval)) != nil {
            let entries = self.state.withLock { Array($0.entries.values) }
            for entry in entries {
                entry.watchdog?.check()
                entry.activity?.sweep()
            }
        }
    }

    /// Ends every remaining request (`server_shutdown`) and closes its connection.
    func closeAll() {
        let entries = self.state.withLock { Array($0.entries.values) }
        for entry in entries {
            entry.activity?.end(.serverShutdown)
            entry.channel.close(promise: nil)
        }
    }
}
