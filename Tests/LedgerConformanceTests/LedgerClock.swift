import Foundation
import Synchronization

/// The time an adapter reads: the real clock, moved forward when a test lets a deferred ledger's
/// day close (Asperion delivers a day's file from the run hour of the day after). Shared by the
/// adapters of one connection, as they share one real clock.
final class LedgerClock: Sendable {
    private let offset = Mutex<Int64>(0)

    /// Unix seconds.
    func now() -> Int64 {
        Int64(Date().timeIntervalSince1970) + offset.withLock { $0 }
    }

    /// Moves the clock to `time` when it is not there yet.
    func advance(to time: Int64) {
        offset.withLock { offset in
            let real = Int64(Date().timeIntervalSince1970)
            offset = max(offset, time - real)
        }
    }
}
