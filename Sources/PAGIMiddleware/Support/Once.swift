import Synchronization

/// A flag that one caller, the first, can claim: for what a wrapped `send` or `receive` must
/// do once per scope.
final class Once: Sendable {
    private let claimed = Atomic(false)

    /// `true` for the first call only.
    func claim() -> Bool {
        !self.claimed.exchange(true, ordering: .acquiringAndReleasing)
    }
}
