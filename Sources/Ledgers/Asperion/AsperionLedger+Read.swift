import Foundation
import KoppelHTTP
import KoppelCore
import Ledger

/// The read-back over `/v1` (docs/asperion-sandbox.md §3): the concept invoices the import made.
extension AsperionLedger {
    /// `description` filters by part of the text [Guess: the sandbox's filter]; the exact order
    /// number is then matched here. The date as in `bookings(in:)`.
    public func findBooking(reference: String) throws(LedgerError) -> LedgerBooking? {
        var found: AsperionReadBack.Invoice?
        try pages([("description", AsperionReadBack.descriptionPrefix + reference)]) { invoice in
            if found == nil, AsperionReadBack.reference(invoice) == reference { found = invoice }
        }
        guard let invoice = found else { return nil }
        var debtors: [Int64: BookingCustomer] = [:]
        if let id = invoice.debtorId, let debtor = try debtor(id) { debtors[id] = debtor }
        var booking = AsperionReadBack.booking(invoice, debtors: debtors)
        if let written = try writtenDates(reference) {
            booking.date = AsperionWrittenDates.bookedDate(written, invoiceDate: booking.date)
        }
        return booking
    }

    /// The invoices of the orders dated within `period` (`dateFrom`/`dateTo` filter the invoice
    /// date [Guess: filter names]). With `invoice_date=export_date` an invoice is dated the day its
    /// file was made, a day or more after the order: the read reaches the last such day of the
    /// period's orders, and each invoice comes back dated as koppel booked it
    /// (`AsperionWrittenDates`); one dated outside the period that way is left out.
    public func bookings(in period: DatePeriod, _ each: (LedgerBooking) throws -> Void) throws {
        let written = try AsperionWrittenDates(outbox: outbox, calendar: calendar, period: period)
        let debtors = try allDebtors()
        let last = max(period.last, written.lastExportDate ?? period.last)
        var failure: (any Error)?
        try pages([("dateFrom", period.first), ("dateTo", last), ("orderBy", "date")]) { invoice in
            guard failure == nil else { return }
            var booking = AsperionReadBack.booking(invoice, debtors: debtors)
            booking.date = written.bookedDate(reference: booking.reference, invoiceDate: booking.date)
            guard period.contains(booking.date) else { return }
            do { try each(booking) } catch { failure = error }
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

    /// Every debtor of the administration, 100 an answer: an invoice names its debtor by id only,
    /// and one read of the list costs fewer requests than one per invoice.
    private func allDebtors() throws(LedgerError) -> [Int64: BookingCustomer] {
        var debtors: [Int64: BookingCustomer] = [:]
        var page = 1
        while true {
            let response = try api.get("debtors", query: [("page", String(page)), ("pageSize", "100")])
            guard response.status == 200,
                let list = try? JSONDecoder().decode(AsperionReadBack.DebtorPage.self, from: response.body)
            else { throw LedgerError(.uncertain, "Asperion's debtors (page \(page)) could not be read") }
            for debtor in list._data { debtors[debtor.id] = debtor.customer }
            guard list._meta?.nextPage != nil, !list._data.isEmpty else { return debtors }
            page += 1
        }
    }

    /// One debtor by id; nil when Asperion has none under it.
    private func debtor(_ id: Int64) throws(LedgerError) -> BookingCustomer? {
        let response = try api.get("debtors/\(id)")
        if response.status == 404 { return nil }
        guard response.status == 200, let debtor = try? JSONDecoder().decode(AsperionReadBack.Debtor.self, from: response.body)
        else { throw LedgerError(.uncertain, "Asperion's debtor \(id) could not be read") }
        return debtor.customer
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
