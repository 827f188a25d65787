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
    var flow: BookingFlow {
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
            // The old booking made every call it needed before it stored `booked`.
            return BookingFlow(
                phase: .booked, trail: LedgerTrail(documentID: ledgerID, done: LedgerStep.allCases),
                plan: LedgerStep.allCases)
        case .error(let problem):
            // The old error forgot whether an attempt had reached the ledger.
            return BookingFlow(phase: .error(problem), trail: LedgerTrail(inDoubt: .create))
        }
    }

    /// Rewrites every stored state of the old format as a stepped flow. A state neither format
    /// reads is left as it is: the booking job stops that order with an error that says so.
    static func migrate(_ db: Database) throws {
        let rows = try Row.fetchAll(db, sql: "SELECT id, flow FROM shop_order WHERE flow IS NOT NULL")
        let decoder = JSONDecoder()
        for row in rows {
            let json: String = row["flow"]
            guard (try? decoder.decode(BookingFlow.self, from: Data(json.utf8))) == nil,
                let legacy = try? decoder.decode(LegacyBookingState.self, from: Data(json.utf8))
            else { continue }
            let flow = legacy.flow
            try db.execute(
                sql: "UPDATE shop_order SET flow = ?, ledger_id = ? WHERE id = ?",
                arguments: [try KoppelDatabase.encode(flow), flow.trail.documentID, row["id"] as Int64])
        }
    }
}
