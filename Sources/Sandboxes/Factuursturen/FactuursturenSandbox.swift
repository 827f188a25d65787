import Foundation
import SandboxSupport

/// The state of one sandbox run: its books, master data, hourly budget, fault switches and counters.
final class FactuursturenSandbox: Sendable {
    let configuration: FactuursturenSandboxConfiguration
    let books = FactuursturenBooks()
    let master = FactuursturenMasterData()
    let limiter: FactuursturenRateLimiter
    let faults: FactuursturenFaultSwitches
    let stats = FactuursturenRequestStats()

    init(configuration: FactuursturenSandboxConfiguration) {
        self.configuration = configuration
        limiter = FactuursturenRateLimiter(limit: configuration.rateLimit, window: configuration.rateWindow)
        faults = FactuursturenFaultSwitches(configuration.faults)
    }

    /// HTTP Basic with the user name and the API key [C-multi]; 401 otherwise. Returns the user name.
    func authenticate(_ request: FactuursturenRequest) throws(FactuursturenError) -> String {
        guard let credentials = request.basicCredentials, credentials.id == configuration.username,
            credentials.secret == configuration.apiKey
        else { throw .unauthorized() }
        return credentials.id
    }

    /// Empties the books, restarts the budget, counters and faults.
    func reset() {
        books.reset()
        limiter.reset()
        faults.reset()
        stats.reset()
    }
}
