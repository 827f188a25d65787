#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Waiting for the rate budget in whole seconds, however many: `usleep` takes a 32-bit count of
/// microseconds, which overflows past 71 minutes (a long `Retry-After` would crash the job).
public enum RateWait {
    /// The pause from `now` until `until`: at least one second, so that a loop asking again
    /// never spins.
    public static func pause(from now: Int64, until: Int64) -> timespec {
        let (difference, overflow) = until.subtractingReportingOverflow(now)
        let seconds = overflow ? Int64.max : max(1, difference)
        return timespec(tv_sec: time_t(clamping: seconds), tv_nsec: 0)
    }

    /// Sleeps the whole pause, going on where it was when a signal interrupts it.
    public static func sleep(_ pause: timespec) {
        var request = pause
        var left = timespec()
        while nanosleep(&request, &left) == -1, errno == EINTR {
            request = left
        }
    }
}
