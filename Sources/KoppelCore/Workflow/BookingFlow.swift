/// The life of one order on its way into the ledger, as pure code: events in, actions out; the
/// caller does the I/O the actions ask for and reports back with the next event.
///
/// A booking is a sequence of ledger steps (create, send, register the payment), and exactly
/// once rests on three rules:
/// - the intent of each step is stored before its call (`trail.inDoubt`), and cleared only when
///   the ledger confirmed the step or certainly did nothing;
/// - while a step is in doubt, the next thing done is asking the ledger (by the document's id, or
///   by the order's reference before a document is known), never the step again;
/// - the trail (document id, steps done, doubt) is kept in every state, errors included, so no
///   path can create a second document for an order whose document may exist.
public struct BookingFlow: Sendable, Equatable {
    public enum Phase: Sendable, Equatable, Codable {
        /// Pushed or fetched, not examined yet.
        case received
        /// Its status is not one that is booked; looked at again on every change and nightly.
        case open(reason: String)
        /// The next step is due now.
        case queued
        /// A call to the ledger is under way (its intent stored). Found so when a job starts, the
        /// process stopped during the call: the step is in doubt.
        case working(LedgerCall)
        /// The next step waits until `notBefore` (unix seconds): a backoff after a failure, or the
        /// ledger's rate limit.
        case waiting(notBefore: Int64, reason: String)
        /// Every planned step is done.
        case booked
        /// A precheck failed, the ledger refused, or it kept failing: needs a person (or a changed order).
        case error(BookingProblem)
    }

    /// What the ledger is asked.
    public enum LedgerCall: Sendable, Equatable, Codable {
        case perform(LedgerStep)
        /// Look the document up: by id when known, else by the order's reference.
        case inspect
    }

    /// What the caller must do next.
    public enum Action: Sendable, Equatable {
        case none
        /// Store the state (the intent), then make this step's call.
        case perform(LedgerStep)
        /// Store the state, then ask the ledger what it holds for the order.
        case inspect
        /// Nothing before this time.
        case retry(at: Int64)
    }

    /// The newest version of the order, examined.
    public struct Examination: Sendable, Equatable {
        public var statusIsBooked: Bool
        public var statusName: String
        public var problems: [BookingProblem]
        /// The steps this ledger needs for this version (`create` first).
        public var plan: [LedgerStep]
        /// The document this version would create: kept with a create's intent.
        public var expected: IntendedDocument?
        /// The status is one of the connection's cancel or refund statuses.
        public var cancelled: Bool
        /// How this ledger credits a booking.
        public var creditPlan: CreditPlan

        public init(
            statusIsBooked: Bool, statusName: String, problems: [BookingProblem], plan: [LedgerStep] = [.create],
            expected: IntendedDocument? = nil, cancelled: Bool = false, creditPlan: CreditPlan = .creditInvoice
        ) {
            self.cancelled = cancelled
            self.creditPlan = creditPlan
            self.statusIsBooked = statusIsBooked
            self.statusName = statusName
            self.problems = problems
            self.plan = plan
            self.expected = expected
        }
    }

    public enum Event: Sendable, Equatable {
        case examined(Examination)
        /// The job picks the order up.
        case start(now: Int64)
        /// The ledger created the document.
        case created(LedgerDocumentStatus)
        /// The ledger confirmed a later step.
        case completed(LedgerStep)
        /// The ledger made the credit document.
        case credited(creditID: String)
        /// What a look-up found; nil when the ledger holds nothing for the order.
        case inspected(LedgerDocumentStatus?)
        /// The ledger refused the call (a 4xx other than 401/408/429): repeating it will not help.
        case refused(BookingProblem)
        /// Nothing was done and nothing is wrong with the order: the ledger's rate limit, or its
        /// credentials being renewed. The same call is made again at `until`, no attempt spent.
        case postponed(until: Int64, reason: String)
        /// The call failed in a way that may pass. `reachedLedger` is false only when the ledger
        /// certainly did nothing (no connection was made).
        case failed(message: String, reachedLedger: Bool, now: Int64)
        /// A person asks to book it again now; `documentLost` when the reconciler found the
        /// booked document gone from the ledger.
        case reprocess(now: Int64, documentLost: Bool = false)
    }

    public private(set) var phase: Phase
    public private(set) var trail: LedgerTrail
    /// The steps of the newest examined version.
    public private(set) var plan: [LedgerStep]
    /// Real failures in a row (rate waits are not failures).
    public private(set) var failures: Int
    /// The document the newest examined version would create.
    public private(set) var expected: IntendedDocument?
    /// The newest version is cancelled or refunded: a booking that exists is credited.
    public private(set) var cancelled: Bool
    /// How the ledger credits a booking, as the newest examination declared it.
    public private(set) var creditPlan: CreditPlan
    public var policy: RetryPolicy

    public init(
        phase: Phase = .received, trail: LedgerTrail = LedgerTrail(), plan: [LedgerStep] = [.create], failures: Int = 0,
        expected: IntendedDocument? = nil, cancelled: Bool = false, creditPlan: CreditPlan = .creditInvoice,
        policy: RetryPolicy = RetryPolicy()
    ) {
        self.expected = expected
        self.cancelled = cancelled
        self.creditPlan = creditPlan
        self.phase = phase
        self.trail = trail
        self.plan = Self.normalized(plan)
        self.failures = failures
        self.policy = policy
    }

    /// The state of an order whose stored state could not be read: an error that names the
    /// reason, with the document in doubt, so that nothing is created before the ledger is asked.
    public static func unreadable(_ reason: String) -> BookingFlow {
        BookingFlow(
            phase: .error(BookingProblem(
                .unreadableState, "koppel's stored booking state of this order could not be read: \(reason)",
                hint: "reprocess the order: koppel looks it up in the ledger before booking anything")),
            trail: LedgerTrail(inDoubt: .create))
    }

    /// Whether a credit step was made or may have been.
    var creditBegun: Bool {
        trail.creditID != nil || trail.isDone(.credit) || trail.inDoubt.map { [.credit, .sendCredit, .settleCredit].contains($0) } == true
    }

    /// The first planned step the ledger has not confirmed.
    public var nextStep: LedgerStep? { steps.first { !trail.isDone($0) } }

    /// The steps that complete the booking. A cancelled booking is credited whole, the way its
    /// ledger declared (`CreditPlan`), depending on whether a payment is registered on it.
    public var steps: [LedgerStep] {
        guard cancelled else { return plan }
        return Self.normalized(creditPlan.steps(paymentRegistered: trail.isDone(.registerPayment)))
    }

    public mutating func handle(_ event: Event) -> Action {
        switch event {
        case .examined(let examination):
            examine(examination)
            return .none
        case .start(let now):
            return start(now: now)
        case .reprocess(let now, let documentLost):
            return reprocess(now: now, documentLost: documentLost)
        case .created(let document):
            guard call == .perform(.create) else { impossible(event) }
            trail.documentID = document.id
            trail.documentGross = document.gross
            trail.markDone(document.done)
            trail.inDoubt = nil
            failures = 0
            return next()
        case .credited(let creditID):
            guard call == .perform(.credit) else { impossible(event) }
            trail.creditID = creditID
            trail.markDone([.credit])
            trail.inDoubt = nil
            failures = 0
            return next()
        case .completed(let step):
            guard call == .perform(step), step != .create, step != .credit else { impossible(event) }
            trail.markDone([step])
            trail.inDoubt = nil
            failures = 0
            return next()
        case .inspected(let document):
            guard call == .inspect else { impossible(event) }
            return inspected(document)
        case .refused(let problem):
            guard let call else { impossible(event) }
            clearDoubtIfCertain(call, reachedLedger: false)
            phase = .error(problem)
            failures = 0
            return .none
        case .postponed(let until, let reason):
            guard let call else { impossible(event) }
            clearDoubtIfCertain(call, reachedLedger: false)
            phase = .waiting(notBefore: until, reason: reason)
            return .retry(at: until)
        case .failed(let message, let reachedLedger, let now):
            guard let call else { impossible(event) }
            clearDoubtIfCertain(call, reachedLedger: reachedLedger)
            failures += 1
            guard failures < policy.maximumAttempts else {
                phase = .error(BookingProblem(
                    .ledgerUnavailable, "the ledger failed \(failures) times in a row: \(message)",
                    hint: "koppel stops retrying on its own; reprocess the order when the ledger works again"))
                return .none
            }
            let notBefore = now + policy.delay(afterAttempt: failures)
            phase = .waiting(notBefore: notBefore, reason: message)
            return .retry(at: notBefore)
        }
    }

    /// The call under way, nil in every other phase.
    private var call: LedgerCall? {
        switch phase {
        case .working(let call): return call
        case .received, .open, .queued, .waiting, .booked, .error: return nil
        }
    }

    private mutating func examine(_ examination: Examination) {
        expected = examination.expected
        creditPlan = examination.creditPlan
        switch phase {
        case .booked:
            // Booked stays booked, but a later version may need steps the booking lacks (an
            // order paid after it was booked, or cancelled): they act on the document that exists.
            if examination.cancelled {
                cancelled = true
            } else {
                guard examination.statusIsBooked else { return }
                plan = Self.normalized(examination.plan)
            }
            if nextStep != nil { phase = .queued }
        case .received, .open, .queued, .waiting, .working, .error:
            plan = Self.normalized(examination.plan)
            // A credit once begun is finished, whatever a newer version says.
            cancelled = examination.cancelled || creditBegun
            if cancelled {
                // Nothing to undo unless a document exists or may: then it is credited (after a
                // look-up while in doubt), never created.
                if !trail.mayExist {
                    phase = .open(reason: "status \(examination.statusName): cancelled before it was booked")
                } else if case .waiting = phase {
                } else {
                    phase = .queued
                    failures = 0
                }
            } else if !examination.statusIsBooked {
                phase = .open(reason: "status \(examination.statusName) is not booked")
            } else if trail.documentID == nil, let problem = examination.problems.first {
                // Nothing is created from a version that fails its prechecks. A doubt stays a
                // doubt: it is settled by a look-up once the order may be booked again.
                phase = .error(problem)
            } else if nextStep == nil, trail.inDoubt == nil {
                phase = .booked
            } else if case .waiting = phase {
                // A changed order does not cut a wait short.
            } else {
                // A document that exists gets its missing steps, whatever a newer version says.
                phase = .queued
                failures = 0
            }
        }
    }

    private mutating func start(now: Int64) -> Action {
        switch phase {
        case .queued:
            return next()
        case .waiting(let notBefore, _):
            guard now >= notBefore else { return .retry(at: notBefore) }
            return next()
        case .working:
            // The process stopped during a call: its step is in doubt, so `next` asks the ledger.
            return next()
        case .received, .open, .booked, .error:
            return .none
        }
    }

    private mutating func reprocess(now: Int64, documentLost: Bool) -> Action {
        switch phase {
        case .error, .waiting:
            // A person asks: the ledger is asked first, whatever koppel believes it holds.
            failures = 0
            if trail.inDoubt == nil { trail.inDoubt = nextStep ?? .create }
            phase = .queued
            return next()
        case .booked where documentLost:
            // The reconciler found the document gone: booked afresh, after a look-up by reference
            // in case it only moved.
            trail = LedgerTrail(inDoubt: .create, generation: trail.generation + 1)
            failures = 0
            phase = .queued
            return next()
        case .booked, .received, .open, .queued, .working:
            return .none
        }
    }

    private mutating func inspected(_ document: LedgerDocumentStatus?) -> Action {
        if let document, trail.documentID == nil, let intended = trail.intended, !intended.isMade(as: document) {
            // Found by the order's reference, but not as koppel asked for it: someone else's
            // document. Never adopted; the doubt stays until a person clears the reference.
            phase = .error(BookingProblem(
                .foreignDocument,
                "the ledger holds document \(document.id) with this order's reference, but its amount or customer is not what koppel booked",
                hint: "if that document was made by hand, give it another reference in the ledger, then reprocess the order"))
            failures = 0
            return .none
        }
        if let document {
            trail.documentID = document.id
            trail.documentGross = document.gross ?? trail.documentGross
            trail.markDone(document.done)
            trail.creditID = document.creditID ?? trail.creditID
            trail.inDoubt = nil
            return next()
        }
        guard let lost = trail.documentID else {
            // Nothing reached the ledger: the step in doubt is made for real.
            trail.inDoubt = nil
            return next()
        }
        // The document koppel made is gone: someone deleted it. Booking it again is a person's call.
        trail = LedgerTrail(generation: trail.generation + 1)
        failures = 0
        phase = .error(BookingProblem(
            .bookingMissing, "the ledger no longer holds document \(lost) that koppel made for this order",
            hint: "if it was deleted on purpose, leave it; otherwise reprocess the order to book it again"))
        return .none
    }

    /// Starts the first step not confirmed, or asks the ledger while one is in doubt.
    private mutating func next() -> Action {
        if trail.inDoubt != nil {
            phase = .working(.inspect)
            return .inspect
        }
        if cancelled, trail.documentID == nil {
            // The look-up found nothing: the order was never booked, so nothing is credited.
            phase = .open(reason: "cancelled before it was booked")
            return .none
        }
        guard let step = nextStep else {
            phase = .booked
            failures = 0
            return .none
        }
        precondition(![.sendCredit, .settleCredit].contains(step) || trail.creditID != nil, "step \(step) without a credit")
        // `create` is first in every plan and done once a document is known, so a later step
        // always has its document.
        precondition(step == .create || trail.documentID != nil, "step \(step) without a document")
        trail.inDoubt = step
        if step == .create { trail.intended = expected }
        phase = .working(.perform(step))
        return .perform(step)
    }

    /// A step's doubt ends when the ledger certainly did nothing; a look-up changes no doubt.
    private mutating func clearDoubtIfCertain(_ call: LedgerCall, reachedLedger: Bool) {
        if case .perform = call, !reachedLedger { trail.inDoubt = nil }
    }

    private static func normalized(_ plan: [LedgerStep]) -> [LedgerStep] {
        Set(plan).union([.create]).sorted()
    }

    /// An event the job never sends in this phase: a programming error, not a state to guess at.
    private func impossible(_ event: Event) -> Never {
        preconditionFailure("booking flow: \(event) in phase \(phase)")
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
