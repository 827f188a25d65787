import Foundation
import KoppelHTTP
import KoppelCore
import Ledger

/// The read-back over `/v1` (docs/asperion-sandbox.md §3): the concept invoices the import made.
extension AsperionLedger {
    /// `description` filters by part of the text [Guess: the sandbox's filter]; the exact order
    /// number is then matched here.
    public func findBooking(reference: String) throws(LedgerError) -> LedgerBooking? {
        var found: LedgerBooking?
        try pages([("description", AsperionReadBack.descriptionPrefix + reference)]) { invoice in
            if found == nil, AsperionReadBack.reference(invoice) == reference { found = AsperionReadBack.booking(invoice) }
        }
        return found
    }

    /// The invoices dated within `period` (`dateFrom`/`dateTo`, the invoice date [Guess: filter
    /// names]): with `invoice_date=export_date` that is the day after the order's day.
    public func bookings(in period: DatePeriod, _ each: (LedgerBooking) throws -> Void) throws {
        var failure: (any Error)?
        try pages([("dateFrom", period.first), ("dateTo", period.last), ("orderBy", "date")]) { invoice in
            guard failure == nil else { return }
            do { try each(AsperionReadBack.booking(invoice)) } catch { failure = error }
        }
        if let failure { throw failure }
    }

    /// Every page of `salesinvoiceswithlines`, 100 an answer, `page` from 1 until `nextPage` is null.
    private func pages(_ filter: [(String, String)], _ each: (AsperionReadBack.Invoice) -> Void) throws(LedgerError) {
        var page = 1
        while true {
            let response = try api.get("salesinvoiceswithlines", query: filter + [("page", String(page)), ("pageSize", "100")])
            guard response.status == 200,
                let list = try? JSONDecoder().decode(AsperionReadBack.Page.self, from: response.body)
            else { throw LedgerError(.uncertain, "Asperion's sales invoices (page \(page)) could not be read") }
            list._data.forEach(each)
            guard list._meta?.nextPage != nil, !list._data.isEmpty else { return }
            page += 1
        }
    }

    /// One small read: the administration's invoice count.
    public func checkAccess() throws(LedgerError) {
        _ = try api.get("salesinvoices", query: [("metaOnly", "true"), ("pageSize", "1")])
    }

    /// The import's three VAT classes (the sales kinds "Verkopen BTW Hoog/Laag/0%" [HELP]) at the
    /// Dutch rates, and one stand-in revenue account: the sales kinds are chosen in Asperion's
    /// import settings, never sent, but a mapping needs an account.
    public func referenceData() throws(LedgerError) -> LedgerReferenceData {
        LedgerReferenceData(
            vatCodes: [
                .init(id: "high", name: "BTW hoog 21%", detail: "21.0"), .init(id: "low", name: "BTW laag 9%", detail: "9.0"),
                .init(id: "zero", name: "BTW 0%", detail: "0.0"),
            ],
            revenueAccounts: [.init(id: Self.revenueStandIn, name: "Omzet (Asperion kiest de verkoopsoort bij de import)", detail: "omzet")])
    }

    static let revenueStandIn = "omzet"
}
