import Foundation

/// The state of one sandbox run: the shop, rate limit, fault switches and counters.
final class MijnwebwinkelSandbox: Sendable {
    let configuration: MijnwebwinkelSandboxConfiguration
    let shop: MijnwebwinkelShop
    let limiter: MijnwebwinkelRateLimiter
    let faults: MijnwebwinkelFaultSwitches
    let stats = MijnwebwinkelRequestStats()

    init(configuration: MijnwebwinkelSandboxConfiguration) {
        self.configuration = configuration
        shop = MijnwebwinkelShop(live: configuration.liveDeviations)
        limiter = MijnwebwinkelRateLimiter(limit: configuration.rateLimit, window: configuration.rateWindow)
        faults = MijnwebwinkelFaultSwitches(configuration.faults)
        _ = shop.generate(configuration.seededOrders, now: Date())
    }

    /// Empties the shop (then seeds it again), restarts rate windows, counters and faults.
    func reset() {
        shop.reset()
        _ = shop.generate(configuration.seededOrders, now: Date())
        limiter.reset()
        faults.reset()
        stats.reset()
    }
}
