import Foundation
import SandboxSupport
import Synchronization

/// The request budget of `/v1`: `limit` requests per window, counted per tenant [GUESS: Asperion documents
/// no limit (§3.2, §5 "none enforced; optionally 429"); off unless `--rate-limit` is given]. No rate headers
/// on ordinary answers, only `Retry-After` on the 429 [GUESS].
final class AsperionRateLimiter: Sendable {
    struct Decision: Sendable {
        var allowed: Bool
        var limit: Int
        var remaining: Int
        /// Epoch milliseconds of the window's end.
        var resetMS: Int64

        /// Whole seconds until the window ends, at least one.
        func retryAfterS(now: Date = Date()) -> Int {
            max(1, Int((Double(resetMS) / 1000 - now.timeIntervalSince1970).rounded(.up)))
        }
    }

    private struct Window { var start: Date; var used: Int }
    private let limit: Int
    private let window: TimeInterval
    private let windows = Mutex<[String: Window]>([:])

    /// `limit` 0 lets every request through.
    init(limit: Int, window: TimeInterval) {
        self.limit = limit
        self.window = window
    }

    /// Takes one request from `key`'s budget; the window starts with the first request after the last one ended.
    func take(_ key: String, now: Date = Date()) -> Decision {
        guard limit > 0 else { return Decision(allowed: true, limit: 0, remaining: 0, resetMS: 0) }
        return windows.withLock { windows in
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
final class AsperionRequestStats: Sendable {
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
