public import NIOCore

/// An opaque byte string: a header value, a raw path or a query string exactly as it
/// crossed the wire.
///
/// The spec keeps these as bytes because they need not be UTF-8. A `ByteString` made by a
/// server holds a slice of the read buffer (no copy); one made by an application usually
/// holds a `String` literal (no allocation). Both compare equal when their bytes are equal.
///
/// Read it as text with ``text`` (UTF-8 where valid, otherwise ISO-8859-1, so no byte is
/// lost) or strictly with ``utf8String``.
public struct ByteString: Sendable {
    @usableFromInline
    enum Storage: Sendable {
        case string(String)
        case buffer(ByteBuffer)
    }

    @usableFromInline
    var storage: Storage

    /// The UTF-8 bytes of `string`.
    @inlinable
    public init(_ string: String) {
        self.storage = .string(string)
    }

    /// The readable bytes of `buffer`, without copying them.
    @inlinable
    public init(_ buffer: ByteBuffer) {
        self.storage = .buffer(buffer)
    }

    /// A copy of `bytes`.
    public init(bytes: some Sequence<UInt8>) {
        self.storage = .buffer(ByteBuffer(bytes: bytes))
    }

    /// The number of bytes.
    @inlinable
    public var count: Int {
        switch self.storage {
        case .string(let string): return string.utf8.count
        case .buffer(let buffer): return buffer.readableBytes
        }
    }

    /// Whether there are no bytes.
    @inlinable
    public var isEmpty: Bool { self.count == 0 }

    /// Calls `body` with the bytes in contiguous memory.
    @inlinable
    public func withBytes<Result>(_ body: (UnsafeRawBufferPointer) throws -> Result) rethrows -> Result {
        switch self.storage {
        case .string(var string):
            return try string.withUTF8 { try body(UnsafeRawBufferPointer($0)) }
        case .buffer(let buffer):
            return try buffer.withUnsafeReadableBytes(body)
        }
    }

    /// The bytes as an array.
    public var bytes: [UInt8] {
        self.withBytes { Array($0) }
    }

    /// The bytes in a `ByteBuffer` (the stored buffer itself when there is one).
    public var byteBuffer: ByteBuffer {
        switch self.storage {
        case .string(let string): return ByteBuffer(string: string)
        case .buffer(let buffer): return buffer
        }
    }

    /// The bytes decoded as UTF-8, or `nil` when they are not valid UTF-8.
    public var utf8String: String? {
        switch self.storage {
        case .string(let string): return string
        case .buffer(let buffer): return buffer.withUnsafeReadableBytes { String(validatingUTF8Bytes: $0) }
        }
    }

    /// The bytes as text: UTF-8 where valid, otherwise ISO-8859-1 (one character per byte),
    /// so that no byte is lost and the original bytes can be recovered.
    public var text: String {
        switch self.storage {
        case .string(let string): return string
        case .buffer(let buffer): return buffer.withUnsafeReadableBytes { String(decodingBytesLosslessly: $0) }
        }
    }

    /// Whether any byte satisfies `predicate`.
    @inlinable
    public func containsByte(where predicate: (UInt8) -> Bool) -> Bool {
        self.withBytes { $0.contains(where: predicate) }
    }
}

extension ByteString: ExpressibleByStringInterpolation {
    @inlinable
    public init(stringLiteral value: String) {
        self.storage = .string(value)
    }
}

extension ByteString: Hashable {
    @inlinable
    public static func == (lhs: ByteString, rhs: ByteString) -> Bool {
        if case .string(let left) = lhs.storage, case .string(let right) = rhs.storage {
            return left.utf8.elementsEqual(right.utf8)
        }
        return lhs.withBytes { left in rhs.withBytes { right in left.elementsEqual(right) } }
    }

    public func hash(into hasher: inout Hasher) {
        self.withBytes { hasher.combine(bytes: $0) }
    }
}

extension ByteString: CustomStringConvertible, CustomDebugStringConvertible {
    public var description: String { self.text }
    public var debugDescription: String { String(reflecting: self.text) }
}

extension ByteBuffer {
    /// Appends the bytes of `string`, returning the number of bytes written.
    @inlinable
    @discardableResult
    public mutating func writeByteString(_ string: ByteString) -> Int {
        switch string.storage {
        case .string(let text): return self.writeString(text)
        case .buffer(let buffer): return self.writeImmutableBuffer(buffer)
        }
    }
}

extension String {
    /// Decodes `bytes` as UTF-8, or returns `nil` when they are not valid UTF-8.
    init?(validatingUTF8Bytes bytes: UnsafeRawBufferPointer) {
        if let ascii = String(asciiBytes: bytes) {
            self = ascii
            return
        }
        guard let string = String(validating: bytes, as: UTF8.self) else { return nil }
        self = string
    }

    /// Decodes `bytes` as UTF-8 when valid, otherwise as ISO-8859-1, where every byte is one
    /// character (U+0000 to U+00FF) and the bytes can be recovered exactly.
    init(decodingBytesLosslessly bytes: UnsafeRawBufferPointer) {
        if let ascii = String(asciiBytes: bytes) {
            self = ascii
        } else if let string = String(validating: bytes, as: UTF8.self) {
            self = string
        } else {
            self = String(String.UnicodeScalarView(bytes.lazy.map { Unicode.Scalar($0) }))
        }
    }

    /// `bytes` as a string when they are all ASCII (a request's path and fields, nearly
    /// always), else `nil`. The common case skips `String(validating:)`, which is generic in
    /// the standard library and looks up type metadata on every call.
    private init?(asciiBytes bytes: UnsafeRawBufferPointer) {
        var combined: UInt8 = 0
        for byte in bytes { combined |= byte }
        guard combined < 0x80 else { return nil }
        self = String(decoding: bytes, as: UTF8.self)
    }
}
