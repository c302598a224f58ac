extension BodyStream {
    /// The body as text, decoded from UTF-8 piece by piece: a character split between two
    /// pieces arrives whole in the later one.
    ///
    /// - Parameter strict: `false` replaces invalid bytes with U+FFFD exactly as decoding the
    ///   whole body at once would; `true` throws a 400 ``HTTPError`` for invalid UTF-8,
    ///   including a body that ends in the middle of a character.
    public func text(strict: Bool = false) -> TextPieces {
        TextPieces(stream: self, strict: strict)
    }

    /// The body's text, piece by piece: from ``BodyStream/text(strict:)``.
    public struct TextPieces: AsyncSequence, Sendable {
        /// A piece of the text.
        public typealias Element = String

        let stream: BodyStream
        let strict: Bool

        /// Iterates the text pieces (never an empty one).
        public struct AsyncIterator: AsyncIteratorProtocol {
            var pieces: BodyStream.AsyncIterator
            var decoder: UTF8PieceDecoder
            var finished = false

            /// The next piece of text, or `nil` at the end of the body.
            public mutating func next() async throws -> String? {
                while !self.finished {
                    let text: String
                    if let piece = try await self.pieces.next() {
                        text = try self.decoder.decode(piece)
                    } else {
                        self.finished = true
                        text = try self.decoder.finish()
                    }
                    if !text.isEmpty { return text }
                }
                return nil
            }
        }

        /// An iterator over the text pieces; the body can be iterated only once.
        public func makeAsyncIterator() -> AsyncIterator {
            AsyncIterator(pieces: self.stream.makeAsyncIterator(), decoder: UTF8PieceDecoder(strict: self.strict))
        }
    }
}
