public import NIOCore
public import PAGI
import Synchronization

/// An accepted WebSocket session with the application under test, seen from the client.
public final class TestWebSocket: Sendable {
    private struct Session {
        var closed: (code: WebSocketCloseCode, reason: String)?
        var keepalive: (interval: Duration, timeout: Duration?)?
    }

    private let run: AppRun
    private let raiseAppErrors: Bool
    private let session = Mutex(Session())

    /// The subprotocol the application chose.
    public let subprotocol: String?
    /// The extra headers the application sent with `websocket.accept`.
    public let acceptHeaders: Headers

    init(run: AppRun, raiseAppErrors: Bool, subprotocol: String?, acceptHeaders: Headers, keepalive: (Duration, Duration?)?) {
        self.run = run
        self.raiseAppErrors = raiseAppErrors
        self.subprotocol = subprotocol
        self.acceptHeaders = acceptHeaders
        self.session.withLock { $0.keepalive = keepalive }
    }

    /// The last `websocket.keepalive` settings the application sent (`nil` when none).
    public var keepalive: (interval: Duration, timeout: Duration?)? { self.session.withLock { $0.keepalive } }

    /// Sends a message to the application (it receives `websocket.receive`).
    public func send(_ message: WebSocketMessage) async throws {
        if let closed = self.session.withLock({ $0.closed }) {
            throw TestClientError.websocketClosed(code: closed.code, reason: closed.reason)
        }
        let delivered = try await self.run.deliver(.websocketReceive(message), waitingFor: "the application to receive a message")
        if !delivered {
            // The application's input has ended: it closed the WebSocket or returned.
            if self.session.withLock({ $0.closed }) == nil { try await self.applicationEnded() }
            let closed = self.session.withLock { $0.closed } ?? (.normalClosure, "")
            throw TestClientError.websocketClosed(code: closed.code, reason: closed.reason)
        }
    }

    /// Sends a text message.
    public func send(text: String) async throws { try await self.send(.text(text)) }

    /// Sends a binary message.
    public func send(binary: ByteBuffer) async throws { try await self.send(.binary(binary)) }

    /// The next message from the application. Throws ``TestClientError/websocketClosed(code:reason:)``
    /// once the application closed the WebSocket (or returned: 1000; or threw: 1011, when
    /// application errors are not raised).
    public func receive() async throws -> WebSocketMessage {
        while true {
            if let closed = self.session.withLock({ $0.closed }) {
                throw TestClientError.websocketClosed(code: closed.code, reason: closed.reason)
            }
            guard let sent = try await self.run.nextEvent(waitingFor: "a message from the application") else {
                try await self.applicationEnded()
                continue
            }
            switch sent.event {
            case .websocketSend(let message):
                return message
            case .websocketKeepalive(let interval, let timeout):
                self.session.withLock { $0.keepalive = interval == .zero ? nil : (interval, timeout) }
            case .websocketClose(let code, let reason):
                self.session.withLock { $0.closed = (code, reason) }
            default:
                continue
            }
        }
    }

    /// The next message, which must be text.
    public func receiveText() async throws -> String {
        let message = try await self.receive()
        guard case .text(let text) = message else { throw TestClientError.misuse("Expected a text message, received \(message)") }
        return text
    }

    /// The next message, which must be binary.
    public func receiveBinary() async throws -> ByteBuffer {
        let message = try await self.receive()
        guard case .binary(let bytes) = message else { throw TestClientError.misuse("Expected a binary message, received \(message)") }
        return bytes
    }

    /// Reads until the application closes the WebSocket and returns its close code and reason
    /// (messages sent before the close are skipped).
    public func waitForClose() async throws -> (code: WebSocketCloseCode, reason: String) {
        while true {
            do {
                _ = try await self.receive()
            } catch TestClientError.websocketClosed(let code, let reason) {
                _ = try await self.run.outcome(waitingFor: "the application to return after closing")
                try self.raiseRecordedError()
                return (code, reason)
            }
        }
    }

    /// Closes the WebSocket from the client: the application receives `websocket.disconnect`
    /// with `code` and `reason`. Waits for the application to return.
    /// Messages sent before the close still reach the application first.
    public func close(code: WebSocketCloseCode = .normalClosure, reason: String = "") async throws {
        try await self.end(code: code, reason: reason, keepingQueuedMessages: true)
    }

    /// Drops the connection without a close handshake: the application receives
    /// `websocket.disconnect` with code 1006 and reason `client_closed`; messages it has not
    /// read yet are lost, as on a dropped connection.
    public func drop() async throws {
        try await self.end(code: .abnormalClosure, reason: DisconnectReason.clientClosed.rawValue, keepingQueuedMessages: false)
    }

    private func end(code: WebSocketCloseCode, reason: String, keepingQueuedMessages: Bool) async throws {
        self.session.withLock { if $0.closed == nil { $0.closed = (code, reason) } }
        self.run.clientLeft(terminal: .websocketDisconnect(code: code, reason: reason), keepingQueuedInput: keepingQueuedMessages)
        _ = try await self.run.outcome(waitingFor: "the application to return after the client closed")
        try self.raiseRecordedError()
    }

    private func applicationEnded() async throws {
        let outcome = try await self.run.outcome(waitingFor: "the application to return")
        try self.raiseRecordedError()
        let closed: (WebSocketCloseCode, String)
        if case .threw = outcome { closed = (.internalError, "") } else { closed = (.normalClosure, "") }
        self.session.withLock { if $0.closed == nil { $0.closed = closed } }
    }

    private func raiseRecordedError() throws {
        guard self.raiseAppErrors else { return }
        if let violation = self.run.violation { throw violation }
        if let error = self.run.thrownError, (error as? PAGIError)?.code != .clientDisconnected { throw error }
    }
}
