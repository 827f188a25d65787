/// The life of one order on its way into the ledger, as pure code: events in, actions out; the
/// caller does the I/O the actions ask for and reports back with the next event.
///
/// Exactly once rests on two rules. Before the ledger is asked to create a booking, the intent
/// (`booking`) is stored; and whenever an attempt may have reached the ledger without koppel
/// hearing the answer (a crash, a timeout, a dropped connection, a 5xx), the next step is to look
/// the booking up by its reference before creating anything.
public struct BookingFlow: Sendable, Equatable {
    public enum State: Sendable, Equatable, Codable {
        /// Pushed or fetched, not examined yet.
        case received
        /// Its status is not one that is booked; looked at again on every change and nightly.
        case open(reason: String)
        /// Ready to be booked.
        case queued
        /// Intent stored: the ledger may have been asked. `uncertain` when an attempt may have
        /// reached the ledger, so that the booking must be looked up before it is created.
        case booking(attempt: Int, uncertain: Bool)
        /// A transient failure; the next attempt waits until `notBefore` (unix seconds).
        case waiting(attempt: Int, notBefore: Int64, uncertain: Bool, lastFailure: String)
        case booked(ledgerID: String)
        /// A precheck failed or the ledger refused: needs a person (or a changed order).
        case error(BookingProblem)
    }

    /// What the caller must do next.
    public enum Action: Sendable, Equatable {
        case none
        /// Store the intent, then ask the ledger to create the booking.
        case create
        /// Ask the ledger for a booking with this order's reference.
        case lookUp
        /// Try again at this time.
        case retry(at: Int64)
    }

    public enum Event: Sendable, Equatable {
        /// The newest version of the order was examined: is its status booked, and what did the
        /// prechecks find?
        case examined(statusIsBooked: Bool, statusName: String, problems: [BookingProblem])
        /// The job picks the order up (a queued order, or a waiting one whose time has come).
        case start(now: Int64)
        case created(ledgerID: String)
        case found(ledgerID: String)
        case notFound
        /// The ledger refused the booking (4xx other than 401/408/429): retrying will not help.
        case refused(BookingProblem)
        /// The attempt failed in a way that may pass. `reachedLedger` is false only when the
        /// ledger certainly did nothing (refused for rate, connection never made).
        case failed(message: String, reachedLedger: Bool, now: Int64)
        /// A person asks to book it again now (the dashboard's "reprocess").
        case reprocess(now: Int64)
    }

    public private(set) var state: State
    public var policy: RetryPolicy

    public init(state: State = .received, policy: RetryPolicy = RetryPolicy()) {
        self.state = state
        self.policy = policy
    }

    public mutating func handle(_ event: Event) -> Action {
        switch (state, event) {
        case (.booked, _):
            // Booked is final: a later version of the order never books it again.
            return .none

        case (.booking, .examined), (.waiting, .examined):
            // A changed order while an attempt may be under way: finish that attempt first.
            return .none

        case (_, .examined(let statusIsBooked, let statusName, let problems)):
            if !statusIsBooked {
                state = .open(reason: "status \(statusName) is not booked")
            } else if let problem = problems.first {
                state = .error(problem)
            } else {
                state = .queued
            }
            return .none

        case (.queued, .start):
            state = .booking(attempt: 1, uncertain: false)
            return .create

        case (.waiting(let attempt, let notBefore, let uncertain, _), .start(let now)):
            guard now >= notBefore else { return .retry(at: notBefore) }
            state = .booking(attempt: attempt + 1, uncertain: uncertain)
            return uncertain ? .lookUp : .create

        case (.booking(let attempt, _), .start):
            // Found in `booking` when a job starts: the process stopped during an attempt (a crash,
            // a kill). koppel cannot know how far it went, so the ledger may hold the booking.
            state = .booking(attempt: attempt, uncertain: true)
            return .lookUp

        case (.booking, .created(let id)), (.booking, .found(let id)):
            state = .booked(ledgerID: id)
            return .none

        case (.booking(let attempt, _), .notFound):
            state = .booking(attempt: attempt, uncertain: false)
            return .create

        case (.booking, .refused(let problem)):
            state = .error(problem)
            return .none

        case (.booking(let attempt, let wasUncertain), .failed(let message, let reachedLedger, let now)):
            let uncertain = wasUncertain || reachedLedger
            guard attempt < policy.maximumAttempts else {
                state = .error(BookingProblem(
                    .ledgerUnavailable, "the ledger failed \(attempt) times in a row: \(message)",
                    hint: "koppel stops retrying on its own; reprocess the order when the ledger works again"))
                return .none
            }
            let notBefore = now + policy.delay(afterAttempt: attempt)
            state = .waiting(attempt: attempt, notBefore: notBefore, uncertain: uncertain, lastFailure: message)
            return .retry(at: notBefore)

        case (.error, .reprocess(let now)), (.waiting, .reprocess(let now)):
            // An error may have come from an attempt that reached the ledger: look it up first.
            state = .waiting(attempt: 0, notBefore: now, uncertain: true, lastFailure: "reprocessed")
            return handle(.start(now: now))

        default:
            return .none
        }
    }
}

/// How long to wait before the next attempt: exponential, capped, so that a ledger that is down
/// for an hour is not hammered and one that blinked is retried within seconds.
public struct RetryPolicy: Sendable, Equatable {
    public var firstDelay: Int64 = 5
    public var longestDelay: Int64 = 3600
    public var maximumAttempts = 12

    public init() {}

    public func delay(afterAttempt attempt: Int) -> Int64 {
        var delay = firstDelay
        for _ in 1..<max(1, attempt) where delay < longestDelay { delay *= 2 }
        return min(delay, longestDelay)
    }
}
