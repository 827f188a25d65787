import Foundation
import GRDB
import KoppelCore

/// An order as the booking job sees it: its newest content and where its booking stands.
public struct OrderInProgress: Sendable {
    public var id: Int64
    public var shopOrderID: Int64
    public var version: Int64
    public var examinedVersion: Int64
    public var payload: String
    public var flow: BookingFlow.State

    init(row: Row) {
        let flowJSON: String? = row["flow"]
        id = row["id"]
        shopOrderID = row["shop_order_id"]
        version = row["version"]
        examinedVersion = row["examined_version"]
        payload = row["payload"]
        flow = flowJSON.flatMap { try? JSONDecoder().decode(BookingFlow.State.self, from: Data($0.utf8)) } ?? .received
    }
}

/// What was booked, kept with the booked state: the figures and the order version they came from.
public struct BookedRecord: Sendable {
    public var figures: BookedFigures
    public var orderVersion: Int64

    public init(figures: BookedFigures, orderVersion: Int64) {
        self.figures = figures
        self.orderVersion = orderVersion
    }
}

extension KoppelDatabase {
    /// Orders that may need work: not booked, and either changed since last examined, due for
    /// their next attempt, or (`all`) every one not booked, for the nightly re-examination.
    public func ordersToWorkOn(connectionID: Int64, now: Int64, all: Bool = false) throws -> [OrderInProgress] {
        try pool.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT o.id, o.shop_order_id, o.version, o.examined_version, o.flow, v.payload
                    FROM shop_order o JOIN order_version v ON v.order_id = o.id AND v.version = o.version
                    WHERE o.connection_id = ? AND o.state != 'booked'
                      AND (? OR o.examined_version < o.version OR o.state IN ('queued', 'booking')
                           OR (o.state = 'waiting' AND o.not_before <= ?))
                    ORDER BY o.id
                    """,
                arguments: [connectionID, all, now]
            ).map(OrderInProgress.init(row:))
        }
    }

    /// Stores an order's new booking state (before the ledger is called, this is the intent),
    /// with an event line for its history. One transaction: state and history agree.
    /// - Parameter booked: for the booked state, what was booked (kept for the reconciler).
    public func saveFlow(
        orderID: Int64, _ state: BookingFlow.State, examinedVersion: Int64? = nil, booked: BookedRecord? = nil, detail: String,
        now: Int64
    ) throws {
        let json = String(decoding: try JSONEncoder().encode(state), as: UTF8.self)
        let summary = state.summary
        try pool.write { db in
            try db.execute(
                sql: """
                    UPDATE shop_order SET flow = ?, state = ?, not_before = ?, ledger_id = ?, problem = ?,
                        examined_version = COALESCE(?, examined_version), updated_at = ?
                    WHERE id = ?
                    """,
                arguments: [
                    json, summary.state, summary.notBefore, summary.ledgerID, summary.problem, examinedVersion, now, orderID,
                ])
            try db.execute(
                sql: "INSERT INTO booking_event (order_id, at, state, detail) VALUES (?, ?, ?, ?)",
                arguments: [orderID, now, summary.state, detail])
            if let booked, case .booked(let ledgerID) = state {
                try Self.recordBooked(db, orderID: orderID, ledgerID: ledgerID, orderVersion: booked.orderVersion, booked.figures, now: now)
            }
        }
    }

    /// The history of an order's booking, oldest first.
    public func bookingEvents(orderID: Int64) throws -> [(at: Int64, state: String, detail: String)] {
        try pool.read { db in
            try Row.fetchAll(db, sql: "SELECT at, state, detail FROM booking_event WHERE order_id = ? ORDER BY id", arguments: [orderID])
                .map { ($0["at"], $0["state"], $0["detail"]) }
        }
    }

    /// The booking state of an order, nil when there is no such order.
    public func orderState(id: Int64) throws -> BookingFlow.State? {
        try pool.read { db in
            guard let json = try String.fetchOne(db, sql: "SELECT flow FROM shop_order WHERE id = ?", arguments: [id]) else {
                return try Bool.fetchOne(db, sql: "SELECT 1 FROM shop_order WHERE id = ?", arguments: [id]) == true ? .received : nil
            }
            return try JSONDecoder().decode(BookingFlow.State.self, from: Data(json.utf8))
        }
    }
}

extension BookingFlow.State {
    /// The columns lists filter on, derived from the state.
    var summary: (state: String, notBefore: Int64, ledgerID: String?, problem: String?) {
        switch self {
        case .received: return ("received", 0, nil, nil)
        case .open(let reason): return ("open", 0, nil, reason)
        case .queued: return ("queued", 0, nil, nil)
        case .booking: return ("booking", 0, nil, nil)
        case .waiting(_, let notBefore, _, let failure): return ("waiting", notBefore, nil, failure)
        case .booked(let id): return ("booked", 0, id, nil)
        case .error(let problem): return ("error", 0, nil, problem.message + " — " + problem.hint)
        }
    }
}
