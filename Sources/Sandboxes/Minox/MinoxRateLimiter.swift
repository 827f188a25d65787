import Foundation
import SandboxSupport
import Synchronization

/// Minox's request budget: `limit` requests per window, counted per tenant [Guess: the unit is not
/// documented]. Every answer carries `x-rate-limit-limit`, `x-rate-limit-remaining` and
/// `x-rate-limit-reset`, the reset as an epoch timestamp in milliseconds [C-one: OTW `Client::throttle`].
final class MinoxRateLimiter: Sendable {
    struct Decision: Sendable {
        var allowed: Bool
        var limit: Int
        var remaining: Int
        /// Epoch milliseconds of the window's end.
        var resetMS: Int64

        var headers: [(String, String)] {
            [("x-rate-limit-limit", String(limit)), ("x-rate-limit-remaining", String(remaining)),
             ("x-rate-limit-reset", String(resetMS))]
        }

        /// Whole seconds until the window ends, at least one.
        func retryAfterS(now: Date = Date()) -> Int {
            max(1, Int((Double(resetMS) / 1000 - now.timeIntervalSince1970).rounded(.up)))
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

    /// Takes one request from `key`'s budget; the window starts with the first request after the last one ended.
    func take(_ key: String, now: Date = Date()) -> Decision {
        windows.withLock { windows in
            var current = windows[key] ?? Window(start: now, used: 0)
            if now.timeIntervalSince(current.start) >= window { current = Window(start: now, used: 0) }
            let reset = Int64(((current.start.timeIntervalSince1970 + window) * 1000).rounded(.up))
            guard current.used < limit else {
                windows[key] = current
                return Decision(allowed: false, limit: limit, remaining: 0, resetMS: reset)
            }
            current.used += 1
            windows[key] = current
            return Decision(allowed: true, limit: limit, remaining: limit - current.used, resetMS: reset)
        }
    }

    func reset() {
        windows.withLock { $0.removeAll() }
    }
}

/// Requests counted per endpoint, so tests and benchmarks can count round trips.
final class MinoxRequestStats: Sendable {
    private let counts = Mutex<[String: Int]>([:])

    func count(_ endpoint: String) {
        counts.withLock { $0[endpoint, default: 0] += 1 }
    }

    var json: JSONValue {
        let snapshot = counts.withLock { $0 }
        return .object([
            ("total", .int(snapshot.values.reduce(0, +))),
            ("endpoints", .object(snapshot.sorted { $0.key < $1.key }.map { (key: $0.key, value: .int($0.value)) })),
        ])
    }

    func reset() {
        counts.withLock { $0.removeAll() }
    }
}
