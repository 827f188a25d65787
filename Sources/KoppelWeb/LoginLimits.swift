/// Login rate limits (docs/dashboard.md): failures within a window lock further logins of that
/// account, or from that address, until the window after the newest failure has passed.
public struct LoginLimits: Sendable {
    public var window: Int64 = 15 * 60
    public var perAccount = 5
    public var perAddress = 20

    public init() {}

    /// Seconds until a login may be tried again, nil when it may now. `byEmail` and `byAddress` are
    /// the times of the failures within the window, newest first.
    func retryAfter(byEmail: [Int64], byAddress: [Int64], now: Int64) -> Int64? {
        var waits: [Int64] = []
        if byEmail.count >= perAccount, let newest = byEmail.first { waits.append(newest + window - now) }
        if byAddress.count >= perAddress, let newest = byAddress.first { waits.append(newest + window - now) }
        return waits.max().map { max(1, $0) }
    }
}
