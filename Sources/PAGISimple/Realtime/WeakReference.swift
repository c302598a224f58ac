/// A connection that its channel membership delivers to, held weakly: the connection owns the
/// membership, whose forwarding closure must not keep it alive.
final class WeakReference<Object: AnyObject & Sendable>: @unchecked Sendable {
    // Written once, in the connection's initializer, before any delivery can happen.
    weak var object: Object?
}
