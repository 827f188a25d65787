import Foundation
import Synchronization
import SandboxSupport

/// Factuursturen's hourly budget, counted per user name [Guess]. Every answer carries
/// `X-RateLimit-Remaining` [C-one: REIN reads it after every request]; no limit or reset header is
/// known, so the sandbox sends none (the reset stays internal).
final class FactuursturenRateLimiter: Sendable {
    struct Decision: Sendable {
        var allowed: Bool
        var limit: Int
        var remaining: Int
        /// Epoch milliseconds of the window's end.
        var resetMS: Int64

        var headers: [(String, String)] { [("X-RateLimit-Remaining", String(remaining))] }
    }

    private struct Window { var start: Date; var used: Int }
    private let limit: Int
    private let window: TimeInterval
    private let windows = Mutex<[String: Window]>([:])

    init(limit: Int, window: TimeInterval) {
        self.limit = limit
        self.window = window
    }

    /// Takes one request from `key`'s budget (none when `spends` is false: the remaining count is only
    /// read); the window starts with the first request after the last one ended.
    func take(_ key: String, spends: Bool = true, now: Date = Date()) -> Decision {
        windows.withLock { windows in
            var current = windows[key] ?? Window(start: now, used: 0)
            if now.timeIntervalSince(current.start) >= window { current = Window(start: now, used: 0) }
            let reset = Int64(((current.start.timeIntervalSince1970 + window) * 1000).rounded(.up))
            guard !spends || current.used < limit else {
                windows[key] = current
                return Decision(allowed: false, limit: limit, remaining: 0, resetMS: reset)
            }
            if spends { current.used += 1 }
            windows[key] = current
            return Decision(allowed: true, limit: limit, remaining: limit - current.used, resetMS: reset)
        }
    }

    func reset() {
        windows.withLock { $0.removeAll() }
    }
}

/// Requests counted per endpoint, so tests and benchmarks can count round trips.
final class FactuursturenRequestStats: Sendable {
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
