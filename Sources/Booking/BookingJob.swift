import Foundation
import KoppelCore
import KoppelStore
import Ledger
import Logging
import OpenCart

/// The booking job for one connection (`koppel sync`): examines what changed, then books what is
/// queued, one order at a time, storing each step before taking the next. A crash at any point
/// leaves a state from which the next run continues without booking anything twice.
public final class BookingJob {
    public struct Report: Sendable, Equatable, CustomStringConvertible {
        public var examined = 0
        public var booked = 0
        public var open = 0
        public var errors = 0
        public var waiting = 0
        public var skipped: String?

        public init() {}

        public var description: String {
            if let skipped { return "skipped: \(skipped)" }
            return "examined \(examined), booked \(booked), open \(open), errors \(errors), waiting \(waiting)"
        }
    }

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

    /// - Parameter recheckAll: examine every order not booked (the nightly run), not only the changed ones.
    public func run(_ connection: Connection, recheckAll: Bool = false) throws -> Report {
        var report = Report()
        guard let settingsJSON = try database.latestSettings(connectionID: connection.id),
            let settings = try? JSONDecoder().decode(ShopSettings.self, from: Data(settingsJSON.utf8))
        else {
            report.skipped = "the shop has not pushed its settings yet"
            return report
        }
        let configuration = try database.bookingConfiguration(connectionID: connection.id)
        guard !configuration.bookedStatusIDs.isEmpty else {
            report.skipped = "no order status is chosen for booking"
            return report
        }
        guard let lock = SyncLock(path: database.path + ".sync-\(connection.id).lock") else {
            report.skipped = "another sync of this connection is running"
            return report
        }
        defer { withExtendedLifetime(lock) {} }

        var ledger = try ledgers.ledger(for: connection)
        var refreshedOnce = false
        let examiner = OrderExaminer(settings: settings, configuration: configuration, administrationCurrency: "EUR")
        for order in try database.ordersToWorkOn(connectionID: connection.id, now: clock(), all: recheckAll) {
            let examination = examiner.examine(payload: order.payload)
            var flow = BookingFlow(state: order.flow)
            if order.examinedVersion < order.version || recheckAll {
                report.examined += 1
                _ = flow.handle(.examined(
                    statusIsBooked: examination.statusIsBooked, statusName: examination.statusName, problems: examination.problems))
                try database.saveFlow(orderID: order.id, flow.state, examinedVersion: order.version, detail: "examined version \(order.version)", now: clock())
            }
            if let booking = examination.booking {
                do {
                    try book(order, booking, &flow, ledger)
                } catch let error as LedgerError where error.kind == .unauthorized {
                    // An access token that expired early is refreshed once; the order is taken up
                    // again by the next run (it stays queued, or booking and is looked up first).
                    if !refreshedOnce, (try? ledgers.refreshTokens(for: connection)) != nil {
                        refreshedOnce = true
                        ledger = try ledgers.ledger(for: connection)
                        try database.saveFlow(orderID: order.id, flow.state, detail: "ledger access refreshed", now: clock())
                        continue
                    }
                    // Every other order would fail the same way: stop, and say so once.
                    report.skipped = "the ledger refused koppel's credentials: \(error.message)"
                    try database.saveFlow(orderID: order.id, flow.state, detail: "stopped: \(error.message)", now: clock())
                    break
                }
            }
            switch flow.state {
            case .booked: report.booked += 1
            case .open: report.open += 1
            case .error: report.errors += 1
            case .waiting, .booking: report.waiting += 1
            case .received, .queued: break
            }
        }
        logger.info("sync done", metadata: ["license": "\(connection.licenseKey)", "report": "\(report)"])
        return report
    }

    /// Keeps the booked figures of orders booked before koppel kept them at booking time, rebuilt
    /// from the order version that was booked. Returns how many were kept.
    public func keepBookedFigures(_ connection: Connection) throws -> Int {
        let orders = try database.bookedWithoutFigures(connectionID: connection.id)
        guard !orders.isEmpty, let settingsJSON = try database.latestSettings(connectionID: connection.id),
            let settings = try? JSONDecoder().decode(ShopSettings.self, from: Data(settingsJSON.utf8))
        else { return 0 }
        let examiner = OrderExaminer(
            settings: settings, configuration: try database.bookingConfiguration(connectionID: connection.id),
            administrationCurrency: "EUR")
        var kept = 0
        for order in orders {
            guard case .booked(let ledgerID) = order.flow, let booking = examiner.examine(payload: order.payload).booking else { continue }
            let figures = BookedFigures(document: booking.document, onFixedDebtor: booking.fixedDebtorID != nil)
            try database.recordBooked(orderID: order.id, ledgerID: ledgerID, orderVersion: order.examinedVersion, figures, now: clock())
            kept += 1
        }
        return kept
    }

    /// Drives one order's flow until it waits for time, for a person, or is booked.
    private func book(_ order: OrderInProgress, _ booking: PreparedBooking, _ flow: inout BookingFlow, _ ledger: any Ledger) throws {
        var action = flow.handle(.start(now: clock()))
        while true {
            switch action {
            case .none, .retry:
                // A failure stored its own state; a wait that has not come due changed nothing.
                return
            case .create:
                // The intent is stored before the ledger hears of the order.
                try database.saveFlow(orderID: order.id, flow.state, detail: "creating in the ledger", now: clock())
                do {
                    let id = try ledger.book(booking)
                    action = flow.handle(.created(ledgerID: id))
                    try database.saveFlow(orderID: order.id, flow.state, booked: record(booking, order), detail: "booked as \(id)", now: clock())
                } catch let error as LedgerError {
                    action = try failed(error, order, &flow)
                }
            case .lookUp:
                try database.saveFlow(orderID: order.id, flow.state, detail: "looking up reference \(booking.document.reference)", now: clock())
                do {
                    if let found = try ledger.findBooking(reference: booking.document.reference) {
                        action = flow.handle(.found(ledgerID: found.id))
                        try database.saveFlow(
                            orderID: order.id, flow.state, booked: record(booking, order), detail: "found in the ledger as \(found.id)",
                            now: clock())
                    } else {
                        action = flow.handle(.notFound)
                    }
                } catch let error as LedgerError {
                    action = try failed(error, order, &flow)
                }
            }
        }
    }

    private func record(_ booking: PreparedBooking, _ order: OrderInProgress) -> BookedRecord {
        BookedRecord(
            figures: BookedFigures(document: booking.document, onFixedDebtor: booking.fixedDebtorID != nil),
            orderVersion: order.version)
    }

    private func failed(_ error: LedgerError, _ order: OrderInProgress, _ flow: inout BookingFlow) throws -> BookingFlow.Action {
        let action: BookingFlow.Action
        switch error.kind {
        case .refused:
            action = flow.handle(.refused(BookingProblem(
                .ledgerRefused, "the ledger refused the booking: \(error.description)",
                hint: "correct the order or the configuration, then reprocess it")))
        case .unauthorized:
            throw error
        case .rateLimited, .unreachable:
            action = flow.handle(.failed(message: error.message, reachedLedger: false, now: clock()))
        case .uncertain:
            action = flow.handle(.failed(message: error.message, reachedLedger: true, now: clock()))
        }
        try database.saveFlow(orderID: order.id, flow.state, detail: "ledger: \(error.description)", now: clock())
        return action
    }
}
