import Synchronization

/// How many requests a ledger still allows, shared by every thread that talks to one
/// administration: a request takes a slot or learns how long to wait, and every answer's rate
/// headers correct the count (the ledger's figure beats ours: other programs may use the same
/// administration).
public final class RateBudget: Sendable {
    struct Window {
        var remaining: Int
        var resetsAt: Int64
    }

    public let limit: Int
    public let windowSeconds: Int64
    private let window: Mutex<Window>

    public init(limit: Int, windowSeconds: Int64) {
        self.limit = limit
        self.windowSeconds = windowSeconds
        self.window = Mutex(Window(remaining: limit, resetsAt: 0))
    }

    /// Takes one request's slot and returns 0, or returns the unix time to wait for when the
    /// window is used up (and takes nothing).
    public func take(now: Int64) -> Int64 {
        window.withLock { window in
            if now >= window.resetsAt {
                window = Window(remaining: limit, resetsAt: now + windowSeconds)
            }
            guard window.remaining > 0 else { return window.resetsAt }
            window.remaining -= 1
            return 0
        }
    }

    /// What the ledger's answer said: `RateLimit-Remaining` and `RateLimit-Reset` (epoch seconds).
    /// The ledger counts every program using the administration, so its figure replaces ours
    /// (a request of ours still on its way is missing from it until its own answer comes).
    public func observe(remaining: Int?, resetsAt: Int64?, now: Int64) {
        window.withLock { window in
            if let resetsAt, resetsAt > now { window.resetsAt = resetsAt }
            if let remaining { window.remaining = max(0, remaining) }
        }
    }

    /// The ledger refused for its limit but told no reset time (Factuursturen): its window ends at
    /// `until` as far as koppel can tell, which replaces koppel's own guess of the window's end;
    /// after it the budget starts a new window at the next request.
    public func refused(until: Int64) {
        window.withLock { window in
            window.remaining = 0
            window.resetsAt = until
        }
    }

    /// The ledger answered 429: nothing more until `until`.
    public func exhausted(until: Int64) {
        window.withLock { window in
            window.remaining = 0
            window.resetsAt = max(window.resetsAt, until)
        }
    }
}

/// One budget per ledger administration for the whole process.
public final class RateBudgets: Sendable {
    private let budgets = Mutex<[String: RateBudget]>([:])
    public let limit: Int
    public let windowSeconds: Int64

    public init(limit: Int, windowSeconds: Int64) {
        self.limit = limit
        self.windowSeconds = windowSeconds
    }

    public func budget(for administration: String) -> RateBudget {
        budgets.withLock { budgets in
            if let budget = budgets[administration] { return budget }
            let budget = RateBudget(limit: limit, windowSeconds: windowSeconds)
            budgets[administration] = budget
            return budget
        }
    }
}
