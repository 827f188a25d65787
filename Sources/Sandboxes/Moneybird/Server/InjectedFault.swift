import Foundation

/// What the fault switches do to one `/api/v2` request that the rate limiter let through.
enum InjectedFault: Sendable {
    /// 429 as the rate limiter answers it, with a window that ends this many seconds from now.
    case rateLimit(retryAfterS: Int)
    /// 500 before anything is stored.
    case serverError
    /// The connection closed unanswered before anything is stored.
    case drop
    /// Held this long, then 504; nothing stored.
    case timeout(holdMS: Int)
    /// Carried out and committed, then the connection closed unanswered.
    case commitThenDrop
}

extension FaultSettings {
    /// The fault for one request to `endpoint`: the first rule that faults it (spending one of its count),
    /// else a roll of the random rates. Mutates the rules, so call it under the switches' lock.
    mutating func draw(for endpoint: String) -> InjectedFault? {
        if let rule = rules.consume(for: endpoint) {
            switch rule.fault {
            case .rateLimit: return .rateLimit(retryAfterS: rule.retryAfterS)
            case .error: return .serverError
            case .drop: return .drop
            case .commitThenDrop: return .commitThenDrop
            case .timeout: return .timeout(holdMS: timeoutHoldMS)
            }
        }
        if Self.roll(errorRate) { return .serverError }
        if Self.roll(timeoutRate) { return .timeout(holdMS: timeoutHoldMS) }
        if Self.roll(commitThenDropRate) { return .commitThenDrop }
        return nil
    }

    private static func roll(_ rate: Double) -> Bool {
        rate > 0 && Double.random(in: 0..<1) < rate
    }
}
