import Synchronization

/// A value one event handler holds back for a later one (a response head waiting for its
/// first body event), safe to share between the `send` calls of one request.
final class HeldValue<Value: Sendable>: Sendable {
    private let value = Mutex<Value?>(nil)

    func hold(_ value: Value) { self.value.withLock { $0 = value } }

    /// The held value, no longer held.
    func take() -> Value? { self.value.withLock { value in defer { value = nil }; return value } }
}
