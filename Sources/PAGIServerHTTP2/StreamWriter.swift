import NIOCore
import NIOHTTP2

/// Writes frames on one stream and waits until the last has left through flow control: a
/// write's promise completes only once nio-http2 has sent its DATA within the stream's and
/// the connection's windows. This is the backpressure of `send` (it waits while the client
/// does not read), and it keeps a response from being cut short by the stream closing while
/// its data still waits for window.
struct StreamWriter: Sendable {
    let channel: any Channel

    func write(_ frames: [HTTP2Frame.FramePayload]) async throws {
        guard let last = frames.last else { return }
        for frame in frames.dropLast() { self.channel.write(frame, promise: nil) }
        try await self.channel.writeAndFlush(last).get()
    }
}
