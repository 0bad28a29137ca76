import CLuaShim

/// Lets any thread stop every state that shares the token: the hook notices within a few
/// thousand instructions and raises the sandbox's final "run cancelled" error.
public final class CancellationToken: @unchecked Sendable {
    // The flag is only touched through ups_cancel_* with atomic builtins.
    let pointer: UnsafeMutablePointer<ups_cancel>

    public init() {
        pointer = .allocate(capacity: 1)
        pointer.initialize(to: ups_cancel(flag: 0))
    }

    deinit { pointer.deallocate() }

    public func cancel() { ups_cancel_request(pointer) }

    public var isCancelled: Bool { ups_cancel_requested(pointer) != 0 }
}
