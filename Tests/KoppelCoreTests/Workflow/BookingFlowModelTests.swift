import KoppelCore
import Testing
import TestSupport

/// Thousands of random lives of one order, driven the way the booking job drives the flow (state
/// stored before each call, examined at each pick-up), against a model ledger that fails in every
/// way a real one does, with crashes at every point. After every event the invariants must hold;
/// at the end, once the ledger behaves, the order must be booked completely.
struct BookingFlowModelTests {
    static let sequences = 10_000

    @Test func everyRandomSequenceBooksAtMostOnceAndFinishesCompletely() {
        var random = SplitMix64(seed: 0x6B6F_7070_656C)
        var totals = ModelTotals()
        for sequence in 0..<Self.sequences {
            var life = OrderLife(random: SplitMix64(seed: random.next()))
            life.live()
            totals.add(life)
            if let failure = life.failure {
                Issue.record("sequence \(sequence): \(failure)\n\(life.log.suffix(30).joined(separator: "\n"))")
                return
            }
        }
        // The sequences really went through the faults they are meant to test.
        #expect(totals.crashes > 1_000)
        #expect(totals.uncertainWithEffect > 1_000)
        #expect(totals.rateLimits > 1_000)
        #expect(totals.deletions > 50)
        #expect(totals.paidAndBooked > 1_000)
        #expect(totals.credited > 500)
        print("booking flow model: \(Self.sequences) sequences, \(totals)")
    }
}

struct ModelTotals: CustomStringConvertible {
    var calls = 0, crashes = 0, uncertainWithEffect = 0, rateLimits = 0, refusals = 0, deletions = 0, paidAndBooked = 0, credited = 0

    mutating func add(_ life: OrderLife) {
        calls += life.calls
        crashes += life.crashes
        uncertainWithEffect += life.uncertainWithEffect
        rateLimits += life.rateLimits
        refusals += life.refusals
        deletions += life.deletions
        if life.paid && !life.stored.cancelled { paidAndBooked += 1 }
        if life.stored.trail.isDone(.sendCredit) { credited += 1 }
    }

    var description: String {
        "\(calls) ledger calls, \(crashes) crashes, \(uncertainWithEffect) lost answers after the ledger acted, "
            + "\(rateLimits) rate limits, \(refusals) refusals, \(deletions) documents deleted by hand, \(paidAndBooked) paid orders booked, \(credited) cancelled after booking and credited"
    }
}

/// The ledger as a set of documents for one order; what a real ledger would hold.
struct ModelLedger {
    struct Document {
        var id: String
        var sends = 0
        var payments = 0
        var deleted = false
        var credits = 0
        var creditSends = 0
        var settles = 0
    }

    var documents: [Document] = []

    var live: [Document] { documents.filter { !$0.deleted } }

    func status(_ document: Document) -> LedgerDocumentStatus {
        var done: Set<LedgerStep> = [.create]
        if document.sends > 0 { done.insert(.send) }
        if document.payments > 0 { done.insert(.registerPayment) }
        if document.credits > 0 { done.insert(.credit) }
        if document.creditSends > 0 { done.insert(.sendCredit) }
        if document.settles > 0 { done.insert(.settleCredit) }
        return LedgerDocumentStatus(id: document.id, done: done, gross: Cents(1000), creditID: document.credits > 0 ? "C" + document.id : nil)
    }

    func find(id: String?) -> LedgerDocumentStatus? {
        guard let id else { return live.first.map(status) }
        return live.first { $0.id == id }.map(status)
    }
}

/// One order's random life: new versions, job runs with faults, crashes, rechecks, reprocesses and
/// deletions by hand; then a calm end in which it must get booked.
struct OrderLife {
    enum Outcome: CaseIterable {
        case success, refused, rateLimited, unreachable, uncertainNoEffect, uncertainWithEffect, crashBefore, crashAfterEffect
    }

    var random: SplitMix64
    var ledger = ModelLedger()
    /// What is stored: the job reads it at each run, a crash loses everything else.
    var stored = BookingFlow()
    var now: Int64 = 1_000
    var version = 1
    var examinedVersion = 0
    var statusIsBooked = true
    var paid = false
    var cancelled = false
    var problems: [BookingProblem] = []
    var failure: String?
    var log: [String] = []
    var calls = 0, crashes = 0, uncertainWithEffect = 0, rateLimits = 0, refusals = 0, deletions = 0
    /// Share of calls that fail, in percent: high while the faults run, 0 at the calm end.
    var faultPercent = 50

    init(random: SplitMix64) {
        self.random = random
    }

    var plan: [LedgerStep] { paid ? [.create, .send, .registerPayment] : [.create] }

    mutating func live() {
        paid = random.chance(50)
        for _ in 0..<random.below(40) + 1 {
            guard failure == nil else { return }
            switch random.below(20) {
            case 0, 1:
                newVersion()
            case 2:
                reprocess()
            case 3 where random.chance(30):
                deleteByHand()
            case 4:
                run(recheck: true)
            default:
                run(recheck: false)
            }
            now += Int64(random.below(4000))
        }
        calmEnd()
    }

    /// Faults stop, the order is bookable and paid as it last was; errors are reprocessed until it is booked.
    mutating func calmEnd() {
        guard failure == nil else { return }
        faultPercent = 0
        if (!statusIsBooked && !cancelled) || !problems.isEmpty {
            statusIsBooked = !cancelled
            problems = []
            version += 1
        }
        for _ in 0..<30 where !bookedCompletely {
            // A person reprocesses what is in error, and what the reconciler found deleted.
            reprocess()
            run(recheck: false)
            now += 4000
            guard failure == nil else { return }
        }
        if stored.cancelled, stored.trail.documentID == nil {
            // Cancelled before anything reached the ledger: nothing to book or credit.
            guard case .open = stored.phase, ledger.live.isEmpty else {
                return fail("cancelled unbooked order ends \(stored.phase) with \(ledger.live.map(\.id))")
            }
            return
        }
        guard stored.phase == .booked else {
            return fail("not booked at the end: \(stored.phase), trail \(stored.trail)")
        }
        guard ledger.live.count == 1, let document = ledger.live.first, document.id == stored.trail.documentID else {
            return fail("booked, but the ledger holds \(ledger.live.map(\.id)) and koppel knows \(stored.trail.documentID ?? "none")")
        }
        if stored.cancelled {
            if document.credits != 1 || document.creditSends != 1 || document.settles != (document.payments == 0 ? 1 : 0) {
                return fail("cancelled order credited as \(document)")
            }
        } else if paid, document.sends != 1 || document.payments != 1 {
            return fail("paid order booked with \(document.sends) sends and \(document.payments) payments")
        }
    }

    var bookedCompletely: Bool {
        if stored.cancelled, stored.trail.documentID == nil, case .open = stored.phase, examinedVersion == version { return true }
        return stored.phase == .booked && stored.nextStep == nil && examinedVersion == version
            && ledger.live.contains { $0.id == stored.trail.documentID }
    }

    mutating func newVersion() {
        version += 1
        cancelled = random.chance(12)
        statusIsBooked = !cancelled && random.chance(80)
        // Once paid stays paid in the shop, mostly; the plan may grow after booking.
        paid = paid || random.chance(30)
        problems = random.chance(15) ? [BookingProblem(.totalsMismatch, "v\(version) does not add up", hint: "")] : []
        log.append("new version \(version): booked \(statusIsBooked), paid \(paid), cancelled \(cancelled), problems \(problems.count)")
    }

    mutating func deleteByHand() {
        guard let index = ledger.documents.firstIndex(where: { !$0.deleted }) else { return }
        ledger.documents[index].deleted = true
        deletions += 1
        log.append("document \(ledger.documents[index].id) deleted by hand")
    }

    mutating func reprocess() {
        var flow = stored
        let lost = stored.phase == .booked && stored.trail.documentID.map { id in ledger.live.allSatisfy { $0.id != id } } == true
        let before = flow
        _ = flow.handle(.reprocess(now: now, documentLost: lost))
        if flow != before { save(flow, "reprocess") }
    }

    /// The booking job's pick-up and loop, as BookingJob does them.
    mutating func run(recheck: Bool) {
        var flow = stored
        let newVersion = examinedVersion < version
        let due: Bool
        switch flow.phase {
        case .queued, .working: due = true
        case .waiting(let notBefore, _): due = notBefore <= now
        case .booked: due = false
        case .received, .open, .error: due = recheck
        }
        guard newVersion || due else { return }
        _ = flow.handle(.examined(BookingFlow.Examination(
            statusIsBooked: statusIsBooked, statusName: "s", problems: cancelled ? [] : problems, plan: plan, cancelled: cancelled)))
        examinedVersion = version
        save(flow, "examined v\(version)")
        guard statusIsBooked || cancelled else { return }
        var action = flow.handle(.start(now: now))
        while failure == nil {
            switch action {
            case .none, .retry:
                save(flow, "rest")
                return
            case .perform(let step):
                save(flow, "intent \(step)")
                let outcome = outcome()
                calls += 1
                switch outcome {
                case .crashBefore:
                    crashes += 1
                    log.append("crash before \(step)")
                    return
                case .crashAfterEffect:
                    crashes += 1
                    _ = apply(step, flow)
                    log.append("crash after \(step)")
                    check()
                    return
                case .success:
                    switch (apply(step, flow), step) {
                    case (.some(let document), .create): action = flow.handle(.created(document))
                    case (.some(let document), .credit): action = flow.handle(.credited(creditID: document.creditID!))
                    case (.some, _): action = flow.handle(.completed(step))
                    case (.none, _): action = flow.handle(.refused(BookingProblem(.ledgerRefused, "not allowed in this state", hint: "")))
                    }
                case .refused:
                    refusals += 1
                    action = flow.handle(.refused(BookingProblem(.ledgerRefused, "refused", hint: "")))
                case .rateLimited:
                    rateLimits += 1
                    action = flow.handle(.postponed(until: now + 60, reason: "rate limit"))
                case .unreachable:
                    action = flow.handle(.failed(message: "unreachable", reachedLedger: false, now: now))
                case .uncertainNoEffect:
                    action = flow.handle(.failed(message: "503", reachedLedger: true, now: now))
                case .uncertainWithEffect:
                    uncertainWithEffect += 1
                    _ = apply(step, flow)
                    action = flow.handle(.failed(message: "dropped", reachedLedger: true, now: now))
                }
                log.append("\(step): \(outcome) -> \(flow.phase)")
            case .inspect:
                save(flow, "look-up")
                calls += 1
                switch outcome() {
                case .crashBefore, .crashAfterEffect:
                    crashes += 1
                    log.append("crash during look-up")
                    return
                case .success, .uncertainWithEffect:
                    action = flow.handle(.inspected(ledger.find(id: flow.trail.documentID)))
                case .refused:
                    refusals += 1
                    action = flow.handle(.refused(BookingProblem(.ledgerRefused, "refused", hint: "")))
                case .rateLimited:
                    rateLimits += 1
                    action = flow.handle(.postponed(until: now + 60, reason: "rate limit"))
                case .unreachable:
                    action = flow.handle(.failed(message: "unreachable", reachedLedger: false, now: now))
                case .uncertainNoEffect:
                    action = flow.handle(.failed(message: "503", reachedLedger: true, now: now))
                }
                log.append("look-up -> \(flow.phase)")
            }
            check(flow)
        }
    }

    mutating func outcome() -> Outcome {
        guard random.chance(faultPercent) else { return .success }
        return Outcome.allCases[1 + random.below(Outcome.allCases.count - 1)]
    }

    /// Carries a step out in the model ledger; nil when the ledger refuses it (a payment on a draft).
    mutating func apply(_ step: LedgerStep, _ flow: BookingFlow) -> LedgerDocumentStatus? {
        switch step {
        case .create:
            ledger.documents.append(ModelLedger.Document(id: "D\(ledger.documents.count + 1)"))
            return ledger.status(ledger.documents[ledger.documents.count - 1])
        case .send, .registerPayment:
            guard let index = ledger.documents.firstIndex(where: { $0.id == flow.trail.documentID && !$0.deleted }) else { return nil }
            if step == .send {
                ledger.documents[index].sends += 1
            } else {
                guard ledger.documents[index].sends > 0 else { return nil }
                ledger.documents[index].payments += 1
            }
            return ledger.status(ledger.documents[index])
        case .credit, .sendCredit, .settleCredit:
            // A credit needs its invoice sent; its send needs the credit; settling needs both
            // sent and the invoice unpaid (as Moneybird refuses otherwise).
            guard let index = ledger.documents.firstIndex(where: { $0.id == flow.trail.documentID && !$0.deleted }) else { return nil }
            let document = ledger.documents[index]
            switch step {
            case .credit:
                guard document.sends > 0 else { return nil }
                ledger.documents[index].credits += 1
            case .sendCredit:
                guard document.credits > 0 else { return nil }
                ledger.documents[index].creditSends += 1
            default:
                guard document.creditSends > 0, document.payments == 0 else { return nil }
                ledger.documents[index].settles += 1
            }
            return ledger.status(ledger.documents[index])
        }
    }

    mutating func save(_ flow: BookingFlow, _ what: String) {
        stored = flow
        check(flow)
    }

    /// The invariants, after every event.
    mutating func check(_ flow: BookingFlow? = nil) {
        let flow = flow ?? stored
        if ledger.live.count > 1 { return fail("two documents for one order: \(ledger.live.map(\.id))") }
        for document in ledger.documents
        where document.sends > 1 || document.payments > 1 || document.credits > 1 || document.creditSends > 1 || document.settles > 1 {
            return fail("a step repeated after it succeeded: \(document)")
        }
        if let id = flow.trail.documentID, !ledger.documents.contains(where: { $0.id == id }) {
            return fail("koppel knows document \(id), which the ledger never made")
        }
        if let id = flow.trail.documentID, let document = ledger.documents.first(where: { $0.id == id }) {
            if flow.trail.done.contains(.send), document.sends == 0 { return fail("send marked done, not in the ledger") }
            if flow.trail.done.contains(.registerPayment), document.payments == 0 { return fail("payment marked done, not in the ledger") }
        }
        // Nothing in the ledger that koppel could forget: a live document is known or in doubt.
        if !ledger.live.isEmpty, !flow.trail.mayExist { return fail("the ledger holds \(ledger.live[0].id); koppel believes none may exist") }
        if flow.phase == .booked {
            guard let document = ledger.live.first(where: { $0.id == flow.trail.documentID }) else {
                if deletions > 0 { return }
                return fail("booked without its document in the ledger")
            }
            if flow.steps.contains(.send), document.sends != 1 { return fail("booked paid order not sent") }
            if flow.steps.contains(.registerPayment), document.payments != 1 { return fail("booked paid order not paid") }
            if flow.steps.contains(.sendCredit), document.creditSends != 1 { return fail("booked cancelled order not credited") }
        }
    }

    mutating func fail(_ message: String) {
        if failure == nil { failure = message }
    }
}
