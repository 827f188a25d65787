import Booking
import Foundation
import KoppelAdmin
import KoppelCore
import KoppelStore
import Logging

/// Geboekt, Fouten and Open of one connection.
extension DashboardAPI {
    struct BookedJSON: Encodable {
        var orderId: Int64
        var shopOrderId: String
        var reference: String
        var ledgerId: String
        var bookingDate: String
        var bookedAt: Int64
        var grossCents: Int64
        var customer: String?
        /// The booking in the ledger's web app; nil when there is none.
        var link: String?
    }

    struct BookedPageJSON: Encodable {
        var orders: [BookedJSON]
        /// Where the next page starts; nil on the last page.
        var next: String?
    }

    struct ErrorJSON: Encodable {
        var orderId: Int64
        var shopOrderId: String
        var code: String
        var message: String
        var hint: String
        /// koppel's own message in Dutch: the figures, or the ledger's words labelled as such.
        var detail: String
        /// koppel's own message as it wrote it (the problem report's bundle keeps it too).
        var detailEnglish: String
        /// In the store's default currency: OpenCart's `order.total`, whatever the customer paid in
        /// (`currency_value` converts).
        var total: String
        var updatedAt: Int64
    }

    struct OpenJSON: Encodable {
        var orderId: Int64
        var shopOrderId: String
        var state: String
        var reason: String
        var detail: String
        /// When koppel looks again (unix seconds); nil when on the next change or the nightly run.
        var nextLookAt: Int64?
        var total: String
        var updatedAt: Int64
    }

    /// Open's line above the table: how many orders wait to be booked (`BacklogEstimate` says
    /// which) and when the last will be, at the ledger's pace.
    struct WaitingJSON: Encodable {
        var count: Int
        /// Unix seconds; nil when none waits or the ledger cannot be booked into yet.
        var lastBookedAt: Int64?
        var requestsPerOrder: Double?
        /// The orders the requests per order were measured over; 0 while the ledger's nominal figure counts.
        var measuredOrders: Int
        var limit: Int?
        var windowSeconds: Int64?
        /// "60 verzoeken per uur, 2,4 per bestelling".
        var pace: String?
    }

    struct OpenPageJSON: Encodable {
        var orders: [OpenJSON]
        var waiting: WaitingJSON
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
        let administration =
            connection.ledger == LedgerKind.moneybird.rawValue
            ? try database.ledgerAccess(connectionID: connection.id)?.administrationID : nil
        return try WebAnswer.json(
            BookedPageJSON(
                orders: page.map { row in
                    BookedJSON(
                        orderId: row.orderID, shopOrderId: row.orderReference, reference: row.reference,
                        ledgerId: row.ledgerID,
                        bookingDate: row.bookingDate, bookedAt: row.bookedAt, grossCents: row.gross,
                        customer: row.customerName,
                        link: administration.flatMap { Self.moneybirdLink(administration: $0, invoiceID: row.ledgerID) })
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
            let dutch =
                code == "ledger_differs"
                ? DutchDetails.ledgerDiffers(detail)
                : BookingProblem.Code(rawValue: code).map {
                    DutchDetails.detail(code: $0, english: detail, ledger: DutchDetails.ledgerName(connection.ledger))
                }
            return ErrorJSON(
                orderId: row.orderID, shopOrderId: row.orderReference, code: code, message: text.message, hint: text.hint,
                detail: dutch ?? detail, detailEnglish: detail, total: row.total, updatedAt: row.updatedAt)
        }
        return try WebAnswer.json(["errors": errors])
    }

    func openOrders(connection: ConnectionListing) throws -> WebAnswer {
        let rows = try database.unbooked(connectionID: connection.id, errors: false)
        let ledger = DutchDetails.ledgerName(connection.ledger)
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
                    detail = DutchOpenReasons.detail(why, ledger: ledger)
                case .waiting(let notBefore, let why):
                    // A ledger that takes a file a day waits for its run hour; the others were busy or away.
                    reason = DutchOpenReasons.dayFile(why) != nil
                        ? "De bestelling gaat mee in het bestand van vandaag; koppel levert het na het ingestelde tijdstip af."
                        : "De boekhouding was niet bereikbaar of had het te druk; koppel probeert het later opnieuw."
                    detail = DutchOpenReasons.detail(why, ledger: ledger)
                    next = notBefore
                default:
                    break
                }
            }
            return OpenJSON(
                orderId: row.orderID, shopOrderId: row.orderReference, state: row.state.rawValue, reason: reason,
                detail: detail,
                nextLookAt: next, total: row.total, updatedAt: row.updatedAt)
        }
        return try WebAnswer.json(OpenPageJSON(orders: orders, waiting: try waiting(connection)))
    }

    private func waiting(_ connection: ConnectionListing) throws -> WaitingJSON {
        guard let kind = LedgerKind(rawValue: connection.ledger) else {
            return WaitingJSON(count: try database.waitingToBeBooked(connectionID: connection.id).count, measuredOrders: 0)
        }
        let found = try WaitingEstimate.of(connectionID: connection.id, ledger: kind, in: database, now: clock())
        guard let estimate = found.estimate else { return WaitingJSON(count: found.waiting.count, measuredOrders: 0) }
        return WaitingJSON(
            count: found.waiting.count, lastBookedAt: estimate.lastBookedAt, requestsPerOrder: estimate.requestsPerOrder,
            measuredOrders: estimate.measuredOrders, limit: estimate.limit, windowSeconds: estimate.windowSeconds,
            pace: DutchPace.text(estimate))
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
