import Foundation
import KoppelCore
import KoppelStore
import Ledger
import Logging
import ShopProviders

/// The booking job for one connection (`koppel sync`): examines what changed, then books what is
/// due, one order and one ledger step at a time, storing each intent before its call. A crash at
/// any point leaves a state from which the next run continues without making any step twice.
public final class BookingJob {
    public struct Report: Sendable, Equatable, CustomStringConvertible {
        public var examined = 0
        public var booked = 0
        public var open = 0
        public var errors = 0
        public var waiting = 0
        /// Ledger calls that failed in this run (rate waits not counted).
        public var failures = 0
        /// Why the run stopped before its end: the connection needs a person (credentials).
        public var stopped: String?
        /// Why nothing was booked: the connection is not configured yet.
        public var skipped: String?
        /// Until when the ledger's rate limit put the rest of this run off.
        public var rateLimitedUntil: Int64?

        public init() {}

        /// Whether another run of the connection held its lock, so this one did nothing.
        public var lockedOut: Bool { skipped == BookingJob.lockHeld }

        /// Whether anything went wrong that monitoring should see.
        public var failed: Bool { failures > 0 || stopped != nil }

        public var description: String {
            if let skipped { return "skipped: \(skipped)" }
            var text = "examined \(examined), booked \(booked), open \(open), errors \(errors), waiting \(waiting)"
            if failures > 0 { text += ", failed calls \(failures)" }
            if let rateLimitedUntil { text += ", rate limited until \(rateLimitedUntil)" }
            if let stopped { text += "; stopped: \(stopped)" }
            return text
        }
    }

    static let lockHeld = "another sync of this connection is running"

    let database: KoppelDatabase
    let ledgers: LedgerFactory
    let logger: Logger
    let clock: () -> Int64

    public init(database: KoppelDatabase, ledgers: LedgerFactory, logger: Logger, clock: @escaping () -> Int64) {
        self.database = database
        self.ledgers = ledgers
        self.logger = logger
        self.clock = clock
    }

    /// - Parameters:
    ///   - recheckAll: examine every order not booked (the nightly run), not only the changed ones.
    ///   - only: work on these orders only (a reprocess the worker takes before its pass).
    /// - Throws: when the connection cannot be worked on at all (its ledger access, its stored
    ///   settings): the caller reports it and goes on with the other connections.
    public func run(_ connection: Connection, recheckAll: Bool = false, only: Set<Int64>? = nil) throws -> Report {
        var report = Report()
        guard let settings = try database.latestSettings(connectionID: connection.id) else {
            report.skipped = "the shop has not pushed its settings yet"
            return report
        }
        let configuration = try database.bookingConfiguration(connectionID: connection.id)
        guard !configuration.bookedStatusIDs.isEmpty else {
            report.skipped = "no order status is chosen for booking"
            return report
        }
        let examiner = try makeExaminer(connection, settings: settings, configuration: configuration)
        guard let lock = SyncLock(path: database.path + ".sync-\(connection.id).lock") else {
            report.skipped = Self.lockHeld
            return report
        }
        defer { withExtendedLifetime(lock) {} }

        var ledger = try ledgers.ledger(for: connection)
        var refreshedOnce = false
        // A choice the connection still lacks holds every order not booked yet, no attempt spent;
        // once made, the orders it held are booked by this run.
        let setupProblem = ledger.setupProblem
        let due = try database.ordersToWorkOn(
            connectionID: connection.id, now: clock(), all: recheckAll, heldForSetup: setupProblem == nil)
        // What booking costs, stored every `PaceSlice.orders` finished orders so that the backlog
        // estimate follows a long run as it goes, and at the end.
        var pace = PaceSlice()
        defer { recordPace(pace.rest, connection: connection) }
        orders: for order in due where only?.contains(order.id) ?? true {
            var flow = order.flow
            if let reason = order.unreadableFlow {
                // Stops loudly for this order: an error that says why, a doubt that makes the
                // next attempt ask the ledger first. The unreadable text stays in the history.
                try database.saveFlow(orderID: order.id, flow, detail: "stored state unreadable: \(reason)", now: clock())
                report.errors += 1
                continue
            }
            let payload: String
            switch order.payload {
            case .success(let json):
                payload = json
            case .failure(let unreadable):
                // Nothing is booked from bytes koppel cannot read: the order stops with an error
                // that says why, once (a nightly look at it again adds no event).
                let stopped = flow.stopped(by: .unreadablePayload(unreadable))
                if stopped != flow || order.examinedVersion < order.version {
                    try database.saveFlow(
                        orderID: order.id, stopped, examinedVersion: order.version,
                        detail: "stored order version \(order.version) unreadable: \(unreadable)", now: clock())
                }
                report.errors += 1
                continue
            }
            let examination = examiner.examine(payload: payload)
            let before = flow
            // Examined on every pick-up, not only when the order changed: a wait or a retry never
            // books a version (or a configuration) that fails its prechecks.
            _ = flow.handle(.examined(BookingFlow.Examination(
                statusIsBooked: examination.statusIsBooked, statusName: examination.statusName,
                problems: (setupProblem.map { [$0] } ?? []) + examination.problems,
                plan: examination.booking.map { ledger.steps(for: $0) } ?? [.create],
                expected: examination.booking.map(Self.intendedDocument), cancelled: examination.cancelled,
                creditPlan: ledger.creditPlan)))
            let newVersion = order.examinedVersion < order.version
            if newVersion || recheckAll { report.examined += 1 }
            if newVersion || flow != before {
                try database.saveFlow(
                    orderID: order.id, flow, examinedVersion: order.version, detail: "examined version \(order.version)", now: clock())
            }
            if let booking = examination.booking {
                let wasBooked = flow.phase == .booked
                var requestsBefore = ledger.requestCount
                var requests = 0
                var outcome = try book(order, booking, &flow, ledger, connection: connection, report: &report)
                requests += ledger.requestCount - requestsBefore
                var refreshFailure = ""
                if case .unauthorized = outcome, !refreshedOnce {
                    // An access token that expired early is refreshed once, and the order tried again.
                    refreshedOnce = true
                    do {
                        try ledgers.refreshTokens(for: connection)
                        ledger = try ledgers.ledger(for: connection)
                        requestsBefore = ledger.requestCount
                        outcome = try book(order, booking, &flow, ledger, connection: connection, report: &report)
                        requests += ledger.requestCount - requestsBefore
                    } catch {
                        refreshFailure = "; renewing them failed: \(error)"
                    }
                }
                if let full = pace.add(requests: requests, finished: !wasBooked && flow.phase == .booked) {
                    recordPace(full, connection: connection)
                }
                switch outcome {
                case .continue:
                    break
                case .rateLimited(let until):
                    // Every further call would be refused too: the rest waits for the next run.
                    report.rateLimitedUntil = until
                    tally(flow, into: &report)
                    break orders
                case .unauthorized(let error):
                    report.stopped = "the ledger refused koppel's credentials: \(error.message)\(refreshFailure)"
                    tally(flow, into: &report)
                    break orders
                }
            }
            tally(flow, into: &report)
        }
        logger.info("sync done", metadata: ["license": "\(connection.licenseKey)", "report": "\(report)"])
        return report
    }

    /// Stores a slice of what booking cost. A failure to store it loses a figure, never a booking:
    /// logged, and the run goes on.
    private func recordPace(_ slice: BookingPace, connection: Connection) {
        do {
            try database.recordBookingPace(connectionID: connection.id, slice, now: clock())
        } catch {
            logger.error("recording the requests per order failed", metadata: ["license": "\(connection.licenseKey)", "error": "\(error)"])
        }
    }

    /// Keeps the booked figures of orders booked before koppel kept them at booking time, rebuilt
    /// from the order version that was booked. Returns how many were kept.
    public func keepBookedFigures(_ connection: Connection) throws -> Int {
        let orders = try database.bookedWithoutFigures(connectionID: connection.id)
        guard !orders.isEmpty, let settings = try database.latestSettings(connectionID: connection.id) else { return 0 }
        let examiner = try makeExaminer(
            connection, settings: settings, configuration: try database.bookingConfiguration(connectionID: connection.id))
        var kept = 0
        for order in orders {
            // An unreadable version keeps no figures; the booking job stops that order already.
            guard let ledgerID = order.flow.trail.documentID, case .success(let payload) = order.payload,
                let booking = examiner.examine(payload: payload).booking
            else { continue }
            let figures = BookedFigures(document: booking.document, onFixedDebtor: booking.fixedDebtorID != nil)
            try database.recordBooked(orderID: order.id, ledgerID: ledgerID, orderVersion: order.examinedVersion, figures, now: clock())
            kept += 1
        }
        return kept
    }

    /// The connection's examiner from the shop's newest settings. Settings stored but unreadable
    /// stop the connection with the reason.
    private func makeExaminer(_ connection: Connection, settings: String, configuration: BookingConfiguration) throws -> OrderExaminer {
        do {
            return try OrderExaminer(connection: connection, settingsJSON: settings, configuration: configuration, administrationCurrency: "EUR")
        } catch let unsupported as UnsupportedShop {
            throw BookingJobError(description: unsupported.description)
        } catch {
            throw BookingJobError(description: "the shop's stored settings could not be read: \(error)")
        }
    }

    private func tally(_ flow: BookingFlow, into report: inout Report) {
        switch flow.phase {
        case .booked: report.booked += 1
        case .open: report.open += 1
        case .error: report.errors += 1
        case .waiting, .working, .queued: report.waiting += 1
        case .received: break
        }
    }

    /// How a booking attempt left the connection.
    private enum Outcome {
        case `continue`
        case rateLimited(until: Int64)
        case unauthorized(LedgerError)
    }

    /// Drives one order's flow until it waits for time, for a person, or is booked. Every state is
    /// stored before the ledger call it announces; what a call answered is stored with the next.
    private func book(
        _ order: OrderInProgress, _ booking: PreparedBooking, _ flow: inout BookingFlow, _ ledger: any Ledger, connection: Connection,
        report: inout Report
    ) throws -> Outcome {
        var action = flow.handle(.start(now: clock()))
        var saved = flow
        var note = ""
        var record: BookedRecord?
        while true {
            let detail: String
            switch action {
            case .none, .retry:
                guard flow != saved || !note.isEmpty else { return .continue }
                detail = note.isEmpty ? "waiting" : note
            case .perform(let step):
                // The intent is stored before the ledger hears of the step.
                detail = joined(note, "\(step.rawValue): asking the ledger")
            case .inspect:
                detail = joined(note, "looking up " + (flow.trail.documentID.map { "document \($0)" } ?? "reference \(booking.document.reference)"))
            }
            try database.saveFlow(orderID: order.id, flow, booked: record, detail: detail, now: clock())
            saved = flow
            record = nil

            let failure: LedgerError
            switch action {
            case .none, .retry:
                return .continue
            case .perform(let step):
                do {
                    if step == .create {
                        let key = IdempotencyKey.booking(license: connection.licenseKey, orderID: order.id, generation: flow.trail.generation)
                        let document = try ledger.create(booking, idempotencyKey: key)
                        action = flow.handle(.created(document))
                        record = bookedRecord(booking, order)
                        note = "created in the ledger as \(document.id)"
                    } else {
                        let trail = flow.trail
                        let document = LedgerDocumentReference(id: trail.documentID!, gross: trail.documentGross, creditID: trail.creditID)
                        if step == .credit {
                            let creditID = try ledger.credit(document, for: booking)
                            action = flow.handle(.credited(creditID: creditID))
                            note = "credited in the ledger as \(creditID)"
                        } else {
                            try ledger.perform(step, on: document, for: booking)
                            action = flow.handle(.completed(step))
                            note = "\(step.rawValue): done"
                        }
                    }
                    continue
                } catch {
                    note = "\(step.rawValue): \(error.description)"
                    failure = error
                }
            case .inspect:
                do {
                    let knewDocument = flow.trail.documentID != nil
                    let found: LedgerDocumentStatus?
                    if let documentID = flow.trail.documentID {
                        found = try ledger.inspect(documentID: documentID, reference: booking.document.reference, includingCredit: flow.cancelled)
                    } else {
                        // Every create koppel made for the order, newest first.
                        let keys = (0...flow.trail.generation).reversed().map {
                            IdempotencyKey.booking(license: connection.licenseKey, orderID: order.id, generation: $0)
                        }
                        found = try ledger.inspect(
                            idempotencyKeys: keys, reference: booking.document.reference, includingCredit: flow.cancelled)
                    }
                    action = flow.handle(.inspected(found))
                    if let found {
                        if !knewDocument { record = bookedRecord(booking, order) }
                        note = "found in the ledger as \(found.id), done: \(found.done.sorted().map(\.rawValue).joined(separator: ", "))"
                    } else {
                        note = "not in the ledger"
                    }
                    continue
                } catch {
                    note = "look-up: \(error.description)"
                    failure = error
                }
            }
            let outcome: Outcome
            (action, outcome) = answer(failure, &flow, &report)
            if case .continue = outcome { continue }
            try database.saveFlow(orderID: order.id, flow, detail: note, now: clock())
            return outcome
        }
    }

    /// Hands a failed call to the flow: what to do next, and whether the run can go on.
    private func answer(_ error: LedgerError, _ flow: inout BookingFlow, _ report: inout Report) -> (BookingFlow.Action, Outcome) {
        switch error.kind {
        case .refused:
            let problem = BookingProblem(
                .ledgerRefused, "the ledger refused the booking: \(error.description)",
                hint: "correct the order or the configuration, then reprocess it")
            return (flow.handle(.refused(problem)), .continue)
        case .unauthorized:
            // Nothing was done: the same call is made again once the credentials work.
            return (flow.handle(.postponed(until: clock(), reason: "the ledger refused koppel's credentials")), .unauthorized(error))
        case .rateLimited(let until):
            return (flow.handle(.postponed(until: until, reason: "the ledger's rate limit")), .rateLimited(until: until))
        case .notYet(let until):
            // This order waits for its time; the ledger takes the others meanwhile.
            return (flow.handle(.postponed(until: until, reason: error.message)), .continue)
        case .unreachable:
            report.failures += 1
            return (flow.handle(.failed(message: error.message, reachedLedger: false, now: clock())), .continue)
        case .uncertain:
            report.failures += 1
            return (flow.handle(.failed(message: error.message, reachedLedger: true, now: clock())), .continue)
        }
    }

    /// What a create asks for: the total, and the customer unless the order goes on a fixed debtor.
    static func intendedDocument(_ booking: PreparedBooking) -> IntendedDocument {
        let onFixedDebtor = booking.fixedDebtorID != nil && !booking.document.isICP
        return IntendedDocument(gross: booking.document.grossTotal, customerEmail: onFixedDebtor ? nil : booking.document.customer.email)
    }

    private func joined(_ note: String, _ next: String) -> String {
        note.isEmpty ? next : note + "; " + next
    }

    private func bookedRecord(_ booking: PreparedBooking, _ order: OrderInProgress) -> BookedRecord {
        BookedRecord(
            figures: BookedFigures(document: booking.document, onFixedDebtor: booking.fixedDebtorID != nil),
            orderVersion: order.version)
    }
}

/// A connection the booking job cannot work on, with the reason.
public struct BookingJobError: Error, CustomStringConvertible {
    public var description: String
}
