import Foundation
import KoppelAdmin
import KoppelCore
import KoppelStore
import Logging

/// Geboekt, Fouten and Open of one connection, and "opnieuw verwerken".
extension DashboardAPI {
    struct BookedJSON: Encodable {
        var orderId: Int64
        var shopOrderId: Int64
        var reference: String
        var ledgerId: String
        var bookingDate: String
        var bookedAt: Int64
        var grossCents: Int64
        var customer: String?
    }

    struct BookedPageJSON: Encodable {
        var orders: [BookedJSON]
        /// Where the next page starts; nil on the last page.
        var next: String?
    }

    struct ErrorJSON: Encodable {
        var orderId: Int64
        var shopOrderId: Int64
        var code: String
        var message: String
        var hint: String
        /// koppel's own message: the figures, or the ledger's words.
        var detail: String
        /// In the store's default currency: OpenCart's `order.total`, whatever the customer paid in
        /// (`currency_value` converts).
        var total: String
        var updatedAt: Int64
    }

    struct OpenJSON: Encodable {
        var orderId: Int64
        var shopOrderId: Int64
        var state: String
        var reason: String
        var detail: String
        /// When koppel looks again (unix seconds); nil when on the next change or the nightly run.
        var nextLookAt: Int64?
        var total: String
        var updatedAt: Int64
    }

    struct ReprocessJSON: Encodable {
        var orderId: Int64
        var state: String
        var message: String
    }

    func booked(_ request: WebRequest, connection: ConnectionListing) throws -> WebAnswer {
        let from = try Self.date(request.query["from"])
        let to = try Self.date(request.query["to"])
        let limit = min(max(Int(request.query["limit"] ?? "") ?? settings.pageSize, 1), 200)
        var after: BookedCursor?
        if let text = request.query["after"], !text.isEmpty {
            let parts = text.split(separator: "-")
            guard parts.count == 2, let bookedAt = Int64(parts[0]), let orderID = Int64(parts[1]) else {
                throw WebError.badRequest("De paginering is niet leesbaar.")
            }
            after = BookedCursor(bookedAt: bookedAt, orderID: orderID)
        }
        // One more than asked: whether there is a next page, without counting.
        let rows = try database.bookedPage(
            connectionID: connection.id, from: from, to: to, after: after, limit: limit + 1)
        let page = rows.prefix(limit)
        let next = rows.count > limit ? page.last.map { "\($0.bookedAt)-\($0.orderID)" } : nil
        return try WebAnswer.json(
            BookedPageJSON(
                orders: page.map {
                    BookedJSON(
                        orderId: $0.orderID, shopOrderId: $0.shopOrderID, reference: $0.reference,
                        ledgerId: $0.ledgerID,
                        bookingDate: $0.bookingDate, bookedAt: $0.bookedAt, grossCents: $0.gross,
                        customer: $0.customerName)
                }, next: next))
    }

    func errors(connection: ConnectionListing) throws -> WebAnswer {
        let rows = try database.unbooked(connectionID: connection.id, errors: true)
        let errors = rows.map { row -> ErrorJSON in
            let (code, text, detail): (String, DutchProblems.Text, String)
            switch row.flow {
            case .success(let flow):
                if case .error(let problem) = flow.phase {
                    (code, text, detail) = (
                        problem.code.rawValue, DutchProblems.text(for: problem.code), problem.message
                    )
                } else {
                    (code, text, detail) = ("ledger_differs", DutchProblems.ledgerDiffers, row.ledgerMismatch ?? "")
                }
            case .failure(let error):
                (code, text, detail) = ("unreadable_state", DutchProblems.text(for: .unreadableState), "\(error)")
            }
            return ErrorJSON(
                orderId: row.orderID, shopOrderId: row.shopOrderID, code: code, message: text.message, hint: text.hint,
                detail: detail, total: row.total, updatedAt: row.updatedAt)
        }
        return try WebAnswer.json(["errors": errors])
    }

    func openOrders(connection: ConnectionListing) throws -> WebAnswer {
        let rows = try database.unbooked(connectionID: connection.id, errors: false)
        let orders = rows.map { row -> OpenJSON in
            var reason = "Wacht op verwerking door koppel."
            var detail = ""
            var next: Int64?
            if case .success(let flow) = row.flow {
                switch flow.phase {
                case .open(let why):
                    reason =
                        why.contains("cancelled")
                        ? "Geannuleerd voordat de bestelling werd geboekt." : "Deze status wordt (nog) niet geboekt."
                    detail = why
                case .waiting(let notBefore, let why):
                    reason = "De boekhouding was niet bereikbaar of had het te druk; koppel probeert het later opnieuw."
                    detail = why
                    next = notBefore
                default:
                    break
                }
            }
            return OpenJSON(
                orderId: row.orderID, shopOrderId: row.shopOrderID, state: row.state.rawValue, reason: reason,
                detail: detail,
                nextLookAt: next, total: row.total, updatedAt: row.updatedAt)
        }
        return try WebAnswer.json(["orders": orders])
    }

    /// The same code path as `koppel reprocess`: the order is looked up in the ledger, then booked.
    func reprocess(orderID: Int64, connection: ConnectionListing) async throws -> WebAnswer {
        // Another connection's order is 404, the same as one that does not exist.
        guard try database.orderLicense(orderID: orderID) == connection.license else { throw WebError.notFound }
        let reprocessing = Reprocessing(database: database, masterKeyPath: masterKeyPath, logger: logger)
        let now = clock()
        // The booking run calls the ledger over blocking HTTP: off the server's event loops.
        let outcome = try await Task.detached { () throws -> Result<Reprocessing.Outcome, AdminError> in
            do {
                return .success(try reprocessing.reprocess(orderID: orderID, now: now))
            } catch let error as AdminError {
                return .failure(error)
            }
        }.value
        switch outcome {
        case .success(let outcome):
            let message = outcome.state == .booked ? "De bestelling is geboekt." : "De bestelling is opnieuw verwerkt."
            return try WebAnswer.json(ReprocessJSON(orderId: orderID, state: outcome.state.rawValue, message: message))
        case .failure:
            throw WebError.cannotReprocess("Deze bestelling staat niet bij Fouten: er is niets opnieuw te verwerken.")
        }
    }

    /// A `YYYY-MM-DD` date from the query, nil when absent.
    static func date(_ text: String?) throws(WebError) -> String? {
        guard let text, !text.isEmpty else { return nil }
        let digits = text.split(separator: "-")
        guard text.count == 10, digits.count == 3, digits.allSatisfy({ $0.allSatisfy(\.isASCII) && Int($0) != nil })
        else {
            throw WebError.badRequest("Een datum moet de vorm JJJJ-MM-DD hebben.")
        }
        return text
    }
}
