import Foundation
import GRDB
import KoppelCore

/// An order as the booking job sees it: its newest content and where its booking stands.
public struct OrderInProgress: Sendable {
    public var id: Int64
    public var orderReference: String
    public var version: Int64
    public var examinedVersion: Int64
    /// The version's canonical JSON, or why its stored bytes could not be read: the job stops
    /// the order then, it never books from a guess.
    public var payload: Result<String, UnreadablePayload>
    public var flow: BookingFlow
    /// Why the stored state could not be read; `flow` is then the error that says so.
    public var unreadableFlow: String?

    init(row: Row) {
        id = row["id"]
        orderReference = row["order_reference"]
        version = row["version"]
        examinedVersion = row["examined_version"]
        payload = Result { () throws(UnreadablePayload) in try row.payload() }
        // No state yet: pushed, never examined.
        guard let json: String = row["flow"] else {
            flow = BookingFlow()
            return
        }
        do {
            flow = try JSONDecoder().decode(BookingFlow.self, from: Data(json.utf8))
        } catch {
            unreadableFlow = "\(error)"
            flow = .unreadable("\(error)")
        }
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
    /// Orders that may need work: changed since last examined (booked ones too: a later version
    /// may need a step the booking lacks), or not booked and either due for their next step or
    /// (`all`) every one, for the nightly re-examination. `heldForSetup`: also the orders held
    /// until the ledger connection was set up (`ledgerNotSetUp`), once it is.
    public func ordersToWorkOn(connectionID: Int64, now: Int64, all: Bool = false, heldForSetup: Bool = false) throws -> [OrderInProgress] {
        try pool.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT o.id, o.order_reference, o.version, o.examined_version, o.flow, v.payload
                    FROM shop_order o INDEXED BY \(OrdersNeedingAttention.index)
                    JOIN order_version v ON v.order_id = o.id AND v.version = o.version
                    WHERE o.connection_id = ? AND \(OrdersNeedingAttention.condition("o"))
                      AND (o.examined_version < o.version
                           OR (o.state != 'booked' AND (? OR o.state IN ('queued', 'booking')
                               OR (o.state = 'waiting' AND o.not_before <= ?)
                               OR (? AND o.state = 'error' AND json_extract(o.flow, '$.phase.error._0.code') = ?))))
                    ORDER BY o.id
                    """,
                arguments: [connectionID, all, now, heldForSetup, BookingProblem.Code.ledgerNotSetUp.rawValue]
            ).map(OrderInProgress.init(row:))
        }
    }

    /// Stores an order's new booking state (before the ledger is called, this is the intent),
    /// with an event line for its history. One transaction: state and history agree.
    /// - Parameter booked: for the booked state, what was booked (kept for the reconciler).
    public func saveFlow(
        orderID: Int64, _ flow: BookingFlow, examinedVersion: Int64? = nil, booked: BookedRecord? = nil, detail: String,
        now: Int64
    ) throws {
        let json = try Self.encode(flow)
        let summary = flow.summary
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
            if let booked, let ledgerID = flow.trail.documentID {
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

    /// The booking state of an order, nil when there is no such order. A state that cannot be read
    /// is an error that says why, never a default.
    public func orderFlow(id: Int64) throws -> BookingFlow? {
        try pool.read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT flow FROM shop_order WHERE id = ?", arguments: [id]) else { return nil }
            guard let json: String = row["flow"] else { return BookingFlow() }
            return try JSONDecoder().decode(BookingFlow.self, from: Data(json.utf8))
        }
    }

    static func encode(_ flow: BookingFlow) throws -> String {
        String(decoding: try JSONEncoder().encode(flow), as: UTF8.self)
    }
}

extension BookingFlow {
    /// The columns lists filter on, derived from the flow. The document id is kept in every state
    /// in which the ledger holds one, not only when booked.
    var summary: (state: String, notBefore: Int64, ledgerID: String?, problem: String?) {
        let ledgerID = trail.documentID
        switch phase {
        case .received: return ("received", 0, ledgerID, nil)
        case .open(let reason): return ("open", 0, ledgerID, reason)
        case .queued: return ("queued", 0, ledgerID, nil)
        case .working: return ("booking", 0, ledgerID, nil)
        case .waiting(let notBefore, let reason): return ("waiting", notBefore, ledgerID, reason)
        case .booked: return ("booked", 0, ledgerID, nil)
        case .error(let problem): return ("error", 0, ledgerID, problem.message + " — " + problem.hint)
        }
    }
}
