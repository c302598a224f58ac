package import NIOCore
package import PAGI

/// A request that may serve an event stream (an `sse` scope), on any protocol: the stream
/// events other than `sse.start` mean the same on HTTP/1 and HTTP/2, and are handled here
/// on top of what each protocol writes.
package protocol EventStreamExchange: AnyObject, Sendable {
    /// Keeps the scope's sends (and the keep-alive comments) in order.
    var sendGate: AsyncGate { get }
    /// When the response last wrote.
    var lastWrite: ContinuousClock.Instant { get }
    /// Whether the stream takes more events: its head is on the wire, it is not complete
    /// and it has not ended.
    var isStreaming: Bool { get }
    /// Writes bytes of the event stream.
    func writeStreamBytes(_ bytes: ByteBuffer) async
    /// Ends the event stream and completes the response.
    func endStream() async
    /// Runs `body` on the keep-alive comments' task, under the exchange's lock.
    func withKeepalive(_ body: (inout Task<Void, Never>?) -> Void)
}

extension EventStreamExchange {
    /// The head fields of an event stream: the application's, with `text/event-stream` and
    /// `no-cache` when it set no content type or cache control.
    package static func streamHeaders(_ start: ResponseStart) -> Headers {
        var headers = start.headers
        if !headers.contains(.contentType) { headers.append(.contentType, "text/event-stream") }
        if !headers.contains(.cacheControl) { headers.append(.cacheControl, "no-cache") }
        return headers
    }

    /// Sends `sse.send`, `sse.comment`, `sse.keepalive` and `sse.close`; `false` for any
    /// other event.
    package func sendStreamEvent(_ event: OutboundEvent) async -> Bool {
        var bytes = ByteBuffer()
        switch event {
        case .sseSend(let message):
            SSEEncoding.write(message, into: &bytes)
            await self.writeStreamBytes(bytes)
        case .sseComment(let comment):
            SSEEncoding.writeComment(comment, into: &bytes)
            await self.writeStreamBytes(bytes)
        case .sseKeepalive(let interval, let comment):
            SSEEncoding.writeComment(comment, into: &bytes)
            let task = interval > .zero ? self.keepalive(every: interval, line: bytes) : nil
            self.withKeepalive { running in
                running?.cancel()
                running = task
            }
        case .sseClose:
            await self.endStream()
        default:
            return false
        }
        return true
    }

    /// A task that sends `line` whenever the stream has been idle for `interval`, until the
    /// stream ends.
    private func keepalive(every interval: Duration, line: ByteBuffer) -> Task<Void, Never> {
        Task {
            var checked = ContinuousClock.now
            while !Task.isCancelled {
                try? await Task.sleep(until: max(self.lastWrite, checked).advanced(by: interval))
                checked = .now
                await self.sendGate.withGate {
                    let due = self.isStreaming && self.lastWrite.advanced(by: interval) <= .now
                    if due && !Task.isCancelled { await self.writeStreamBytes(line) }
                }
                if !self.isStreaming { return }
            }
        }
    }
}
