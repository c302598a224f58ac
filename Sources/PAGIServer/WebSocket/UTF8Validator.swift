/// Validates UTF-8 as it arrives, piece by piece (RFC 3629: no overlong forms, no surrogates,
/// nothing above U+10FFFF), so that a WebSocket text message is refused at its first bad
/// byte rather than when it is complete.
struct UTF8Validator {
    /// Continuation bytes still expected for the current character.
    private var pending = 0
    /// The range the next continuation byte must fall in (narrower after E0, ED, F0 and F4).
    private var low: UInt8 = 0x80
    private var high: UInt8 = 0xBF

    /// Whether the bytes so far end on a character boundary.
    var isComplete: Bool { self.pending == 0 }

    /// Checks `bytes`, continuing from the bytes before; `false` at the first invalid byte.
    mutating func validate(_ bytes: some Sequence<UInt8>) -> Bool {
        for byte in bytes {
            if self.pending > 0 {
                guard byte >= self.low && byte <= self.high else { return false }
                self.pending -= 1
                (self.low, self.high) = (0x80, 0xBF)
                continue
            }
            switch byte {
            case 0x00...0x7F: continue
            case 0xC2...0xDF: self.pending = 1
            case 0xE0: (self.pending, self.low) = (2, 0xA0)
            case 0xE1...0xEC, 0xEE...0xEF: self.pending = 2
            case 0xED: (self.pending, self.high) = (2, 0x9F)
            case 0xF0: (self.pending, self.low) = (3, 0x90)
            case 0xF1...0xF3: self.pending = 3
            case 0xF4: (self.pending, self.high) = (3, 0x8F)
            default: return false  // 80-C1 (a stray continuation or an overlong lead), F5-FF.
            }
        }
        return true
    }
}
