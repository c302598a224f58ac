/// Whether `lhs` and `rhs` are the same text, compared in a time that depends on their lengths
/// only, never on where they first differ: for secrets (passwords, tokens) an attacker could
/// otherwise guess a byte at a time by timing the answers.
public func constantTimeEquals(_ lhs: String, _ rhs: String) -> Bool {
    constantTimeEquals(Array(lhs.utf8), Array(rhs.utf8))
}

/// Whether `lhs` and `rhs` hold the same bytes, compared in a time that depends on their
/// lengths only.
public func constantTimeEquals(_ lhs: [UInt8], _ rhs: [UInt8]) -> Bool {
    guard lhs.count == rhs.count else { return false }
    var difference: UInt8 = 0
    for index in lhs.indices {
        difference |= lhs[index] ^ rhs[index]
    }
    return difference == 0
}
