import Foundation
import KoppelCore
import KoppelHTTP
import Ledger

/// The nightly reconcile's read of what changed, through Moneybird's synchronization endpoints
/// (OpenAPI spec, `/{administration_id}/sales_invoices/synchronization`): `GET` lists the id and
/// version of every invoice the filter matches (the same filter syntax as the list, unpaginated),
/// `POST {"ids": […]}` returns the full invoices, "a maximum of 100 invoice, even if more ids
/// are provided". The changelog of 2023-08-10 points clients at these instead of many single reads.
extension MoneybirdLedger: LedgerChanges {
    public var idsPerRead: Int { 100 }

    public func versions(in period: DatePeriod, _ each: (LedgerVersion) throws -> Void) throws {
        // The period read's filter, so that both lists hold the same invoices.
        let response = try api.get("sales_invoices/synchronization", query: [("filter", Self.periodFilter(period))])
        do {
            try InvoicePageReader.versions(in: response.body) { id, version in
                try each(LedgerVersion(id: id, version: version))
            }
        } catch let error as InvoicePageReader.Malformed {
            throw LedgerError(.uncertain, "Moneybird's list of invoice versions could not be read (at byte \(error.offset))")
        }
    }

    public func bookings(ids: [String], _ each: (LedgerBooking) throws -> Void) throws {
        precondition(ids.count <= idsPerRead, "at most \(idsPerRead) ids a request")
        guard !ids.isEmpty else { return }
        // Ids as strings: the spec allows integers or strings, and Moneybird's ids exceed what a
        // JSON number reliably carries (2^53). `x-query: true`: a read, though it is a POST.
        let response = try api.send("POST", "sales_invoices/synchronization", json: ["ids": ids])
        let invoices: [MoneybirdJSON.Invoice]
        do {
            invoices = try InvoicePageReader.invoices(in: response.body)
        } catch {
            throw LedgerError(.uncertain, "Moneybird's invoices by id could not be read")
        }
        for invoice in invoices { try each(Self.booking(from: invoice)) }
    }

    /// `period:YYYYMMDD..YYYYMMDD,state:all`: any filter replaces the defaults, so the state is
    /// named too, or drafts would be left out.
    static func periodFilter(_ period: DatePeriod) -> String {
        let range = period.first.replacingOccurrences(of: "-", with: "") + ".." + period.last.replacingOccurrences(of: "-", with: "")
        return "period:\(range),state:all"
    }
}
