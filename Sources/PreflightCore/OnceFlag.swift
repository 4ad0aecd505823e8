import Foundation

/// A flag that can be claimed once, from any thread: the first claimant wins, everyone can look.
public final class OnceFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var claimed = false

    public init() {}

    public var isClaimed: Bool { lock.withLock { claimed } }

    /// True for the first caller only.
    @discardableResult public func claim() -> Bool {
        lock.withLock {
            if claimed { return false }
            claimed = true
            return true
        }
    }
}
