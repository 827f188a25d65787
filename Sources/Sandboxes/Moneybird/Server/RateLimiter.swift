import Foundation
import Synchronization

/// Moneybird's request budget: a fixed number of requests per window, counted per administration.
///
/// The window starts with the first request after the previous one ended; every answer carries
/// `RateLimit-Limit`, `RateLimit-Remaining` and `RateLimit-Reset` (UTC epoch seconds of the window's end),
/// and a refused request also `Retry-After` with that same epoch value, as the spec documents it.
final class RateLimiter: Sendable {
    struct Decision: Sendable {
        var allowed: Bool
        var limit: Int
        var remaining: Int
        var reset: Int

        var headers: [(String, String)] {
            var headers = [
                ("RateLimit-Limit", String(limit)), ("RateLimit-Remaining", String(remaining)),
                ("RateLimit-Reset", String(reset)),
            ]
            if !allowed { headers.append(("Retry-After", String(reset))) }
            return headers
        }

        /// The refusal the limiter would give if its window ended `retryAfterS` seconds from `now`; what a
        /// `rate_limit` fault rule answers.
        func refused(retryAfterS: Int, now: Date = Date()) -> Decision {
            let reset = Int((now.timeIntervalSince1970 + Double(retryAfterS)).rounded(.up))
            return Decision(allowed: false, limit: limit, remaining: 0, reset: reset)
        }
    }

    private struct Window { var start: Date; var used: Int }

    private let limit: Int
    private let window: TimeInterval
    private let windows = Mutex<[String: Window]>([:])

    init(limit: Int, window: TimeInterval) {
        self.limit = limit
        self.window = window
    }

    /// Takes one request from `key`'s budget.
    func take(_ key: String, now: Date = Date()) -> Decision {
        windows.withLock { windows in
            var current = windows[key] ?? Window(start: now, used: 0)
            if now.timeIntervalSince(current.start) >= window { current = Window(start: now, used: 0) }
            let reset = Int((current.start.timeIntervalSince1970 + window).rounded(.up))
            guard current.used < limit else {
                windows[key] = current
                return Decision(allowed: false, limit: limit, remaining: 0, reset: reset)
            }
            current.used += 1
            windows[key] = current
            return Decision(allowed: true, limit: limit, remaining: limit - current.used, reset: reset)
        }
    }

    func reset() {
        windows.withLock { $0.removeAll() }
    }
}
