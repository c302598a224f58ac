import NIOCore
import NIOPosix

/// A bare TCP client that writes exactly the bytes a test gives it and reads responses the
/// way a strict HTTP/1.1 client would, so tests see the wire as it is.
final class RawClient: @unchecked Sendable {
    struct Response: CustomStringConvertible {
        var version = ""
        var status = 0
        var headers: [(name: String, value: String)] = []
        var body = ""
        var chunks: [String]?
        var trailers: [(name: String, value: String)] = []

        func header(_ name: String) -> String? {
            self.headers.first { $0.name.lowercased() == name.lowercased() }?.value
        }

        func values(_ name: String) -> [String] {
            self.headers.filter { $0.name.lowercased() == name.lowercased() }.map(\.value)
        }

        var description: String { "\(self.status) \(self.headers) \(self.body.debugDescription)" }
    }

    private let channel: NIOAsyncChannel<ByteBuffer, ByteBuffer>
    private var iterator: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator
    var buffer = ByteBuffer()
    private var atEnd = false
    private let group = MultiThreadedEventLoopGroup.singleton

    private init(channel: NIOAsyncChannel<ByteBuffer, ByteBuffer>) {
        self.channel = channel
        self.iterator = channel.inbound.makeAsyncIterator()
    }

    static func connect(port: Int) async throws -> RawClient {
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connect(host: "127.0.0.1", port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        return RawClient(channel: channel)
    }

    /// Writes `text` as it is (UTF-8).
    func send(_ text: String) async throws {
        try await self.channel.outbound.write(ByteBuffer(string: text))
    }

    /// Writes raw bytes.
    func send(bytes: [UInt8]) async throws {
        try await self.channel.outbound.write(ByteBuffer(bytes: bytes))
    }

    /// Closes the connection.
    func close() async {
        self.channel.outbound.finish()
        try? await self.channel.channel.close()
    }

    deinit {
        self.channel.outbound.finish()
        self.channel.channel.close(promise: nil)
    }

    /// Reads one response (for a `HEAD` request, pass `head: true`: no body is read).
    func readResponse(head: Bool = false, timeout: Duration = .seconds(5)) async throws -> Response {
        try await self.within(timeout) { try await self.readResponseNow(head: head) }
    }

    /// Reads everything until the server closes the connection.
    func readToEnd(timeout: Duration = .seconds(5)) async throws -> String {
        try await self.within(timeout) {
            while try await self.fill() {}
            return self.buffer.readString(length: self.buffer.readableBytes) ?? ""
        }
    }

    /// Whether the server closed the connection (reads until it does, or fails after `timeout`).
    func isClosedByServer(timeout: Duration = .seconds(5)) async throws -> Bool {
        _ = try await self.readToEnd(timeout: timeout)
        return true
    }

    /// Reads the status line and headers of a response whose body is still coming.
    func readHead(timeout: Duration = .seconds(5)) async throws -> Response {
        try await self.within(timeout) { try await self.readHeadNow() }
    }

    private func readHeadNow() async throws -> Response {
        var response = Response()
        var statusLine = try await self.readLine()
        while statusLine.isEmpty { statusLine = try await self.readLine() }
        let parts = statusLine.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count >= 2, let status = Int(parts[1]) else { throw TestFailure("bad status line \(statusLine.debugDescription)") }
        response.version = String(parts[0])
        response.status = status
        while true {
            let line = try await self.readLine()
            if line.isEmpty { break }
            guard let colon = line.firstIndex(of: ":") else { throw TestFailure("bad header line \(line.debugDescription)") }
            response.headers.append((String(line[..<colon]), String(line[line.index(after: colon)...]).trimmingCharacters()))
        }
        return response
    }

    private func readResponseNow(head: Bool) async throws -> Response {
        var response = try await self.readHeadNow()
        let status = response.status
        if head || status < 200 || status == 204 || status == 304 { return response }
        if response.header("transfer-encoding")?.lowercased() == "chunked" {
            var chunks: [String] = []
            while true {
                let sizeLine = try await self.readLine()
                guard let size = Int(sizeLine.split(separator: ";").first.map(String.init) ?? "", radix: 16) else {
                    throw TestFailure("bad chunk size \(sizeLine.debugDescription)")
                }
                if size == 0 { break }
                let data = try await self.readBytes(size)
                chunks.append(data)
                guard try await self.readLine().isEmpty else { throw TestFailure("chunk without CRLF") }
            }
            while true {
                let line = try await self.readLine()
                if line.isEmpty { break }
                if let colon = line.firstIndex(of: ":") {
                    response.trailers.append((String(line[..<colon]), String(line[line.index(after: colon)...]).trimmingCharacters()))
                }
            }
            response.chunks = chunks
            response.body = chunks.joined()
        } else if let length = response.header("content-length").flatMap({ Int($0) }) {
            response.body = try await self.readBytes(length)
        } else {
            while try await self.fill() {}
            response.body = self.buffer.readString(length: self.buffer.readableBytes) ?? ""
        }
        return response
    }

    private func readLine() async throws -> String {
        while true {
            if let index = self.buffer.readableBytesView.firstIndex(of: UInt8(ascii: "\n")) {
                var line = self.buffer.readString(length: index - self.buffer.readerIndex)!
                self.buffer.moveReaderIndex(forwardBy: 1)
                if line.hasSuffix("\r") { line.removeLast() }
                return line
            }
            guard try await self.fill() else { throw TestFailure("connection closed in the middle of a line: \(String(buffer: self.buffer).debugDescription)") }
        }
    }

    private func readBytes(_ count: Int) async throws -> String {
        while self.buffer.readableBytes < count {
            guard try await self.fill() else { throw TestFailure("connection closed before \(count) body bytes") }
        }
        return self.buffer.readString(length: count)!
    }

    func fill() async throws -> Bool {
        if self.atEnd { return false }
        do {
            guard var next = try await self.iterator.next() else {
                self.atEnd = true
                return false
            }
            self.buffer.writeBuffer(&next)
            return true
        } catch {
            self.atEnd = true
            return false
        }
    }

    func within<T: Sendable>(_ limit: Duration, _ operation: @escaping @Sendable () async throws -> T) async throws -> T {
        try await withThrowingTaskGroup(of: T.self) { group in
            group.addTask { try await operation() }
            group.addTask {
                try await Task.sleep(for: limit)
                throw TestFailure("timed out after \(limit)")
            }
            defer { group.cancelAll() }
            return try await group.next()!
        }
    }
}

extension String {
    func trimmingCharacters() -> String {
        var text = Substring(self)
        while text.first == " " || text.first == "\t" { text.removeFirst() }
        while text.last == " " || text.last == "\t" { text.removeLast() }
        return String(text)
    }
}
