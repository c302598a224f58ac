import Synchronization

/// A value a test application shares with its test, safely across tasks.
final class Box<Value: Sendable>: Sendable {
    private let value: Mutex<Value>

    init(_ value: Value) { self.value = Mutex(value) }

    func withLock<Result: Sendable>(_ body: (inout Value) -> Result) -> Result { self.value.withLock { body(&$0) } }
}
