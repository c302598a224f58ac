// What every PAGI application names: request methods and response statuses, and the
// byte buffer that carries bodies.
@_exported public import struct HTTPTypes.HTTPRequest
@_exported public import struct HTTPTypes.HTTPResponse
@_exported public import struct NIOCore.ByteBuffer
