/// The rule that a signed request must be fresh: its timestamp at most `tolerance` seconds away
/// from the server's clock, either way. Together with the replay check this bounds how long a
/// captured request could be re-sent: never, as each signature is accepted once.
public struct TimestampWindow: Sendable {
    public var tolerance: Int64

    public init(tolerance: Int64 = 300) {
        self.tolerance = tolerance
    }

    /// The unix seconds in `header` when they are a plain integer within the window of `now`.
    public func acceptedSeconds(_ header: String, now: Int64) -> Int64? {
        guard header.utf8.count <= 12, header.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }),
            let seconds = Int64(header)
        else { return nil }
        return abs(seconds - now) <= tolerance ? seconds : nil
    }
}
