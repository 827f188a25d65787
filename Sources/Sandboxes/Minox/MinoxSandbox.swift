import Foundation

/// The state of one sandbox run: its books, master data, rate limit, fault switches and counters.
final class MinoxSandbox: Sendable {
    let configuration: MinoxSandboxConfiguration
    let books = MinoxBooks()
    let master: MinoxMasterData
    let limiter: MinoxRateLimiter
    let faults: MinoxFaultSwitches
    let stats = MinoxRequestStats()

    init(configuration: MinoxSandboxConfiguration) {
        self.configuration = configuration
        master = MinoxMasterData(secondSalesJournal: configuration.secondSalesJournal)
        limiter = MinoxRateLimiter(limit: configuration.rateLimit, window: configuration.rateWindow)
        faults = MinoxFaultSwitches(configuration.faults)
    }

    /// The scopes a bearer token grants; 401 when it is unknown or expired.
    func scopes(ofToken token: String, now: Date = Date()) throws(MinoxError) -> Set<String> {
        if let apiToken = configuration.apiToken, token == apiToken { return MinoxOAuthAPI.allScopes }
        let found = try books.withState { state throws(MinoxError) in state.tokens[token] }
        guard let found else { throw .unauthorized("The access token is invalid") }
        guard found.expiresAt > now else { throw .unauthorized("The access token has expired") }
        return found.scope
    }

    /// Empties the books, restarts rate windows, counters and faults; tokens stay.
    func reset() {
        books.reset()
        limiter.reset()
        faults.reset()
        stats.reset()
    }
}
