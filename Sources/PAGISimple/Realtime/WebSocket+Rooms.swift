public import NIOCore
public import PAGIPubSub

/// Rooms: pub/sub channels a WebSocket joins. What is broadcast to a room reaches every socket
/// in it (and every event stream subscribed to the same channel), in this process or, with a
/// shared backend, in others. A socket leaves its rooms when it closes.
extension WebSocket {
    /// The rooms this socket is in, sorted.
    public var rooms: [String] { self.membership.channels }

    /// Joins `room` (accepting the handshake if needed): from now on, what is broadcast there
    /// is sent to this socket, as text or binary as it was broadcast. Joining twice is joining once.
    public func join(_ room: String) async throws {
        try await self.ensureOpen()
        try await self.membership.join(room)
    }

    /// Leaves `room`.
    public func leave(_ room: String) async throws {
        try await self.membership.leave(room)
    }

    /// Sends `payload` to everyone in `room`, this socket included when it is in it; returns
    /// how many received it.
    @discardableResult
    public func broadcast(_ payload: PubSubPayload, to room: String) async throws -> Int {
        try await self.membership.publish(payload, to: room, others: false)
    }

    /// Sends a text message to everyone in `room`.
    @discardableResult
    public func broadcast(_ text: String, to room: String) async throws -> Int {
        try await self.broadcast(.text(text), to: room)
    }

    /// Sends `value` as JSON text to everyone in `room`.
    @discardableResult
    public func broadcast(json value: some Encodable, to room: String) async throws -> Int {
        try await self.broadcast(try .json(value), to: room)
    }

    /// Sends `payload` to everyone in `room` but this socket.
    @discardableResult
    public func broadcastToOthers(_ payload: PubSubPayload, to room: String) async throws -> Int {
        try await self.membership.publish(payload, to: room, others: true)
    }

    /// Sends a text message to everyone in `room` but this socket.
    @discardableResult
    public func broadcastToOthers(_ text: String, to room: String) async throws -> Int {
        try await self.broadcastToOthers(.text(text), to: room)
    }

    /// Sends `value` as JSON text to everyone in `room` but this socket.
    @discardableResult
    public func broadcastToOthers(json value: some Encodable, to room: String) async throws -> Int {
        try await self.broadcastToOthers(try .json(value), to: room)
    }
}
