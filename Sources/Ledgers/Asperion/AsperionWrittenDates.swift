import Foundation
import KoppelCore
import Ledger

/// The two dates koppel may have written as an order's `InvoiceDate`, read from the outbox's day
/// lists: the order date, and the export date (the day after the order's list day, the day its file
/// was made). With `invoice_date=export_date` Asperion dates the invoice on the export date, while
/// koppel's booked figures keep the order date; an invoice dated on either date koppel wrote is read
/// back as dated on the order date, so only a date the owner changed is a `date` finding. Either
/// date counts whatever the setting is now: files made before a change of the setting keep theirs.
struct AsperionWrittenDates {
    struct Dates: Equatable {
        var orderDate: String
        var exportDate: String
    }

    private(set) var byReference: [String: Dates] = [:]
    /// The latest export date of an order dated within the period: the read must reach it.
    private(set) var lastExportDate: String?

    init() {}

    /// The orders of the lists that can hold an invoice read for `period`: an order's list day is
    /// its date or later, so from the day before the period on (whose file is dated its first day).
    /// Only orders dated within the period or exported within it are kept.
    init(outbox: AsperionOutbox, calendar: AsperionCalendar, period: DatePeriod) throws(LedgerError) {
        let firstList = calendar.day(before: period.first) ?? period.first
        for day in try outbox.days() where day >= firstList {
            guard let exportDate = calendar.day(after: day) else { continue }
            for order in try outbox.list(day).orders.map(\.document) {
                let dated = period.contains(order.orderDate)
                guard dated || period.contains(exportDate) else { continue }
                byReference[order.reference] = Dates(orderDate: order.orderDate, exportDate: exportDate)
                if dated, exportDate > (lastExportDate ?? "") { lastExportDate = exportDate }
            }
        }
    }

    /// The date to compare with koppel's figures: the order date when the invoice carries a date
    /// koppel wrote for the order, else the invoice's own.
    func bookedDate(reference: String, invoiceDate: String) -> String {
        Self.bookedDate(byReference[reference], invoiceDate: invoiceDate)
    }

    static func bookedDate(_ dates: Dates?, invoiceDate: String) -> String {
        guard let dates, invoiceDate == dates.exportDate || invoiceDate == dates.orderDate else { return invoiceDate }
        return dates.orderDate
    }
}
