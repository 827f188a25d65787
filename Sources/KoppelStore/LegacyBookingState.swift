import Foundation
import GRDB
import KoppelCore

/// The booking state as stored before bookings were steps (one `create` call, with an
/// `uncertain` flag), decoded by the same synthesized format it was written with.
enum LegacyBookingState: Decodable {
    case received
    case open(reason: String)
    case queued
    case booking(attempt: Int, uncertain: Bool)
    case waiting(attempt: Int, notBefore: Int64, uncertain: Bool, lastFailure: String)
    case booked(ledgerID: String)
    case error(BookingProblem)

    /// The same order as a stepped flow. What the old code could not know is taken as in doubt,
    /// so the ledger is asked before anything is created.
    /// - Parameter paid: whether the one-step flow sent the invoice and registered its payment:
    ///   it did so for an order whose booked status the shop called complete.
    func flow(paid: Bool) -> BookingFlow {
        switch self {
        case .received:
            return BookingFlow()
        case .open(let reason):
            return BookingFlow(phase: .open(reason: reason))
        case .queued:
            return BookingFlow(phase: .queued)
        case .booking(let attempt, _):
            // Stored mid-attempt: the process stopped while the ledger may have been creating.
            return BookingFlow(phase: .queued, trail: LedgerTrail(inDoubt: .create), failures: max(0, attempt - 1))
        case .waiting(let attempt, let notBefore, let uncertain, let lastFailure):
            return BookingFlow(
                phase: .waiting(notBefore: notBefore, reason: lastFailure), trail: LedgerTrail(inDoubt: uncertain ? .create : nil),
                failures: attempt)
        case .booked(let ledgerID):
            // The old booking made every call it needed before it stored `booked`: all three
            // for a paid order, the draft alone for another.
            let steps: [LedgerStep] = paid ? [.create, .send, .registerPayment] : [.create]
            return BookingFlow(phase: .booked, trail: LedgerTrail(documentID: ledgerID, done: steps), plan: steps)
        case .error(let problem):
            // The old error forgot whether an attempt had reached the ledger.
            return BookingFlow(phase: .error(problem), trail: LedgerTrail(inDoubt: .create))
        }
    }

    /// Rewrites every stored state of the old format as a stepped flow. A state neither format
    /// reads is left as it is: the booking job stops that order with an error that says so.
    static func migrate(_ db: Database) throws {
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT o.id, o.flow, o.connection_id, COALESCE(v.order_status_id, o.order_status_id) AS booked_status
                FROM shop_order o LEFT JOIN order_version v ON v.order_id = o.id AND v.version = o.examined_version
                WHERE o.flow IS NOT NULL
                """)
        let decoder = JSONDecoder()
        var paidStatuses: [Int64: Set<Int64>?] = [:]
        for row in rows {
            let json: String = row["flow"]
            guard (try? decoder.decode(BookingFlow.self, from: Data(json.utf8))) == nil,
                let legacy = try? decoder.decode(LegacyBookingState.self, from: Data(json.utf8))
            else { continue }
            let connectionID: Int64 = row["connection_id"]
            if paidStatuses[connectionID] == nil { paidStatuses[connectionID] = try Self.paidStatuses(db, connectionID: connectionID) }
            let bookedStatus: Int64? = row["booked_status"]
            // Where koppel cannot tell, it takes the invoice as sent and paid, as before: a draft
            // taken for paid shows up in the reconciler's report, a paid invoice taken for a draft
            // would be sent and paid again.
            let paid = paidStatuses[connectionID]!.map { statuses in bookedStatus.map(statuses.contains) ?? true } ?? true
            let flow = legacy.flow(paid: paid)
            try db.execute(
                sql: "UPDATE shop_order SET flow = ?, ledger_id = ? WHERE id = ?",
                arguments: [try KoppelDatabase.encode(flow), flow.trail.documentID, row["id"] as Int64])
        }
    }

    /// The statuses at which the one-step flow sent and paid an invoice: the shop's complete
    /// statuses (newest settings), none when payments were not registered (Moneybird setting);
    /// nil when the settings do not tell.
    private static func paidStatuses(_ db: Database, connectionID: Int64) throws -> Set<Int64>? {
        struct Settings: Decodable {
            var completeStatusIDs: [Int64]?
            enum CodingKeys: String, CodingKey { case completeStatusIDs = "complete_status_ids" }
        }
        struct Adapter: Decodable { var registerPayment: Bool? }
        if let json = try String.fetchOne(
            db, sql: "SELECT settings FROM connection_ledger_settings WHERE connection_id = ?", arguments: [connectionID]),
            (try? JSONDecoder().decode(Adapter.self, from: Data(json.utf8)))?.registerPayment == false
        {
            return []
        }
        // Settings that cannot be read do not tell, like settings without the field.
        guard let row = try Row.fetchOne(
            db, sql: "SELECT payload FROM settings_version WHERE connection_id = ? ORDER BY version DESC LIMIT 1",
            arguments: [connectionID]),
            let json = try? row.payload(),
            let complete = (try? JSONDecoder().decode(Settings.self, from: Data(json.utf8)))?.completeStatusIDs
        else { return nil }
        return Set(complete)
    }
}
