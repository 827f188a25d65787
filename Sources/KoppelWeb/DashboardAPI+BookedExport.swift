import Foundation
import KoppelCore
import KoppelStore
import Reconciliation

/// Geboekt's links into the ledger and its CSV export.
extension DashboardAPI {
    /// Where the owner sees a booking in the ledger's own web app; nil for a ledger without one.
    ///
    /// Moneybird: `https://moneybird.com/ADMINISTRATION/sales_invoices/ID`. A guess by analogy:
    /// the OpenAPI spec (reference/specs/moneybird-openapi.yml, a contact's `sales_invoices_url`,
    /// `https://moneybird.com/123/sales_invoices/<id>/all`) shows the web app's paths as
    /// administration then resource; the page of one invoice is not documented.
    func ledgerLink(connection: ConnectionListing, ledgerID: String) throws -> String? {
        guard connection.ledger == LedgerKind.moneybird.rawValue,
            let access = try database.ledgerAccess(connectionID: connection.id)
        else { return nil }
        return Self.moneybirdLink(administration: access.administrationID, invoiceID: ledgerID)
    }

    static func moneybirdLink(administration: String, invoiceID: String) -> String? {
        let digits = { (text: String) in !text.isEmpty && text.allSatisfy { $0.isASCII && $0.isNumber } }
        guard digits(administration), digits(invoiceID) else { return nil }
        return "https://moneybird.com/\(administration)/sales_invoices/\(invoiceID)"
    }

    static let csvHeader = [
        "Bestelling", "Referentie", "Factuurdatum", "Geboekt op (UTC)", "Klant", "Bedrag", "Id in de boekhouding",
        "Link",
    ]

    /// `booked.csv?from&to`: every booking of the period, newest first, in the reconcile reports'
    /// Excel-NL form, read and written a page at a time in keyset order.
    func bookedCSV(_ request: WebRequest, connection: ConnectionListing) throws -> WebAnswer {
        let from = try Self.date(request.query["from"])
        let to = try Self.date(request.query["to"])
        let administration =
            connection.ledger == LedgerKind.moneybird.rawValue
            ? try database.ledgerAccess(connectionID: connection.id)?.administrationID : nil
        let database = self.database
        let connectionID = connection.id
        let pageSize = settings.exportPageSize
        let name = "geboekt-\(connection.license)\(from.map { "-vanaf-\($0)" } ?? "")\(to.map { "-tot-en-met-\($0)" } ?? "").csv"
        var answer = WebAnswer(
            status: 200, body: Data((ExcelCSV.byteOrderMark + ExcelCSV.row(Self.csvHeader)).utf8),
            headers: [
                ("Content-Type", "text/csv; charset=utf-8"), ("Content-Disposition", "attachment; filename=\"\(name)\""),
            ])
        answer.pages = { cursorText in
            var after: BookedCursor?
            if let cursorText {
                let parts = cursorText.split(separator: "-")
                after = BookedCursor(bookedAt: Int64(parts[0]) ?? 0, orderID: Int64(parts[1]) ?? 0)
            }
            let rows = try database.bookedPage(
                connectionID: connectionID, from: from, to: to, after: after, limit: pageSize)
            let times = Self.utcTimes()
            var text = ""
            for row in rows {
                text += ExcelCSV.row([
                    row.orderReference, ExcelCSV.text(row.reference), row.bookingDate, times.string(from: Date(timeIntervalSince1970: TimeInterval(row.bookedAt))),
                    ExcelCSV.text(row.customerName ?? ""), ExcelCSV.amount(Cents(row.gross)), ExcelCSV.text(row.ledgerID),
                    administration.flatMap { Self.moneybirdLink(administration: $0, invoiceID: row.ledgerID) } ?? "",
                ])
            }
            let next = rows.count == pageSize ? rows.last.map { "\($0.bookedAt)-\($0.orderID)" } : nil
            return (Data(text.utf8), next)
        }
        return answer
    }

    /// `2026-01-31 14:05` in UTC; one per page (a formatter is costly to make).
    static func utcTimes() -> DateFormatter {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        return formatter
    }
}
