import Foundation
import KoppelAdmin
import KoppelCore
import KoppelStore

/// Fouten's actions: "opnieuw verwerken" (one order, or every error with its progress) queued for
/// the booking worker, "meer info" on one order, and "probleem melden" (the bundle).
extension DashboardAPI {
    struct QueuedJSON: Encodable {
        var orderId: Int64
        var status: String
        var message: String
    }

    struct BatchJSON: Encodable {
        var batch: String
        var total: Int
        var done: Int
        var booked: Int
        var message: String
    }

    /// The routes of this file; nil when the path is none of them.
    func errorsRoute(_ request: WebRequest, connection: ConnectionListing, session: WebSession, rest: [String])
        throws -> WebAnswer?
    {
        switch (request.method, rest) {
        case ("POST", let parts) where parts.count == 3 && parts[0] == "orders" && parts[2] == "reprocess":
            return try queueReprocess(orderID: try ownOrder(parts[1], of: connection), connection: connection, session: session)
        case ("GET", let parts) where parts.count == 2 && parts[0] == "orders":
            return try orderDetail(orderID: try ownOrder(parts[1], of: connection), connection: connection)
        case ("GET", let parts) where parts.count == 3 && parts[0] == "orders" && parts[2] == "bundle":
            return try bundle(orderID: try ownOrder(parts[1], of: connection), connection: connection)
        case ("POST", ["errors", "reprocess"]):
            return try queueAllErrors(connection: connection, session: session)
        case ("GET", let parts) where parts.count == 2 && parts[0] == "reprocess":
            return try batchProgress(parts[1], connection: connection)
        default:
            return nil
        }
    }

    /// The order id of the path when the order is the connection's; another connection's order is
    /// 404, the same as one that does not exist.
    private func ownOrder(_ text: String, of connection: ConnectionListing) throws -> Int64 {
        guard let orderID = Int64(text), try database.orderLicense(orderID: orderID) == connection.license else {
            throw WebError.notFound
        }
        return orderID
    }

    /// Stores who asked and when, and answers at once: the booking worker takes queued orders
    /// before anything else of its pass; the page follows the order through `orders/ID`.
    func queueReprocess(orderID: Int64, connection: ConnectionListing, session: WebSession) throws -> WebAnswer {
        guard let summary = try database.order(id: orderID)?.summary, Reprocessing.canReprocess(summary) else {
            throw WebError.cannotReprocess("Deze bestelling staat niet bij Fouten: er is niets opnieuw te verwerken.")
        }
        try database.queueReprocess(orderID: orderID, connectionID: connection.id, userID: session.userID, now: clock())
        return try WebAnswer.json(
            QueuedJSON(orderId: orderID, status: "queued", message: "De bestelling staat in de wachtrij om opnieuw te verwerken."),
            status: 202)
    }

    func queueAllErrors(connection: ConnectionListing, session: WebSession) throws -> WebAnswer {
        let batch = SessionTokens.random()
        let total = try database.queueReprocessOfErrors(
            connectionID: connection.id, userID: session.userID, batch: batch, now: clock())
        guard total > 0 else { throw WebError.cannotReprocess("Er staan geen fouten open: er is niets opnieuw te verwerken.") }
        return try WebAnswer.json(
            BatchJSON(batch: batch, total: total, done: 0, booked: 0, message: Self.progressText(done: 0, total: total)),
            status: 202)
    }

    func batchProgress(_ batch: String, connection: ConnectionListing) throws -> WebAnswer {
        guard let progress = try database.reprocessProgress(connectionID: connection.id, batch: batch) else {
            throw WebError.notFound
        }
        return try WebAnswer.json(
            BatchJSON(
                batch: batch, total: progress.total, done: progress.done, booked: progress.booked,
                message: Self.progressText(done: progress.done, total: progress.total)))
    }

    static func progressText(done: Int, total: Int) -> String {
        done == total ? "Klaar: \(total) van \(total) verwerkt." : "\(done) van \(total) verwerkt…"
    }

    /// "Meer info": the newest version as pushed, every version, the booking history and, while a
    /// reprocess is under way, where it stands (`status`: queued, busy, or the order's state).
    func orderDetail(orderID: Int64, connection: ConnectionListing) throws -> WebAnswer {
        guard let diagnosis = try database.orderDiagnosis(orderID: orderID) else { throw WebError.notFound }
        let state = diagnosis.order["state"] as? String ?? "received"
        var reprocess: Any = NSNull()
        var status = state
        if let request = try database.reprocessRequest(orderID: orderID) {
            if request.progress != "done" { status = request.progress }
            reprocess = [
                "progress": request.progress, "requested_at": request.requestedAt,
                "started_at": request.startedAt ?? NSNull(), "finished_at": request.finishedAt ?? NSNull(),
                "outcome": request.outcome ?? NSNull(),
            ] as [String: Any]
        }
        let versions = diagnosis.versions.map { version -> [String: Any] in
            var version = version
            version["payload"] = nil
            return version
        }
        let flow = diagnosis.order["flow"] ?? NSNull()
        var booked: Any = NSNull()
        if let document = diagnosis.booked, let ledgerID = document["ledger_id"] as? String {
            booked = [
                "ledger_id": ledgerID, "reference": document["reference"] ?? NSNull(),
                "booked_at": document["booked_at"] ?? NSNull(),
                "link": try ledgerLink(connection: connection, ledgerID: ledgerID) ?? NSNull(),
            ] as [String: Any]
        }
        return try Self.jsonObject([
            "order_id": orderID, "shop_order_id": diagnosis.order["order_reference"] ?? NSNull(), "state": state,
            "status": status, "reprocess": reprocess,
            "order": diagnosis.versions.last?["payload"] ?? NSNull(),
            "versions": versions, "history": diagnosis.events,
            "trail": (flow as? [String: Any])?["trail"] ?? NSNull(),
            "booked": booked,
        ])
    }

    /// "Probleem melden": one JSON file with what a support person needs, secrets removed.
    func bundle(orderID: Int64, connection: ConnectionListing) throws -> WebAnswer {
        guard let diagnosis = try database.orderDiagnosis(orderID: orderID) else { throw WebError.notFound }
        let shopOrderID = diagnosis.order["order_reference"] as? String ?? "\(orderID)"
        let bundle: [String: Any] = [
            "about": "koppel problem report of order \(shopOrderID) of connection \(connection.name)",
            "koppel_version": KoppelBuild.version, "store_migrations": diagnosis.migrations,
            "generated_at": clock(),
            "order": diagnosis.order, "versions": diagnosis.versions, "booking_history": diagnosis.events,
            "booked_document": diagnosis.booked ?? NSNull(), "reprocess_request": diagnosis.reprocess ?? NSNull(),
            "connection": diagnosis.connection, "last_runs": diagnosis.runs,
            "last_reconcile_runs": diagnosis.reconcileRuns,
        ]
        var answer = try Self.jsonObject(SecretScrubber.scrubbed(bundle) as? [String: Any] ?? [:])
        let name = "koppel-probleem-\(connection.license)-bestelling-\(shopOrderID).json"
        answer.headers.append(("Content-Disposition", "attachment; filename=\"\(name)\""))
        return answer
    }

    static func jsonObject(_ object: [String: Any]) throws -> WebAnswer {
        WebAnswer(
            status: 200,
            body: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]),
            headers: [])
    }
}
