import Foundation
import KoppelHTTP
import Testing

/// Invoice steps the arithmetic, payment and credit tests share.
extension SandboxProcess {
    /// `PATCH …/send_invoice` as `Manual`; the sent invoice.
    func sendManually(_ id: String) throws -> [String: Any] {
        let response = try call(
            "PATCH", "\(api)/sales_invoices/\(id)/send_invoice.json",
            json: #"{"sales_invoice_sending": {"delivery_method": "Manual"}}"#)
        #expect(response.status == 200, "\(response.text)")
        return try JSON.object(response)
    }

    /// `POST …/payments` with this price on the given day.
    func pay(_ id: String, price: String, date: String = "2026-08-21") throws -> HTTPResponse {
        try call(
            "POST", "\(api)/sales_invoices/\(id)/payments.json",
            json: #"{"payment": {"payment_date": "\#(date)", "price": "\#(price)"}}"#)
    }

    func fetchInvoice(_ id: String) throws -> [String: Any] {
        let response = try call("GET", "\(api)/sales_invoices/\(id).json")
        #expect(response.status == 200, "\(response.text)")
        return try JSON.object(response)
    }
}

/// The figures of an invoice answer that the arithmetic is about.
struct InvoiceFigures: Equatable, CustomStringConvertible {
    var excl: String?
    var incl: String?
    var unpaid: String?
    /// `taxable_amount` and `tax_amount` per `tax_totals` entry.
    var taxTotals: [[String?]]
    var lineTotals: [String?]

    init(_ invoice: [String: Any]) {
        excl = invoice["total_price_excl_tax"] as? String
        incl = invoice["total_price_incl_tax"] as? String
        unpaid = invoice["total_unpaid"] as? String
        taxTotals = (invoice["tax_totals"] as? [[String: Any]] ?? []).map {
            [$0["taxable_amount"] as? String, $0["tax_amount"] as? String]
        }
        lineTotals = (invoice["details"] as? [[String: Any]] ?? []).map {
            $0["total_price_excl_tax_with_discount"] as? String
        }
    }

    init(excl: String, incl: String, unpaid: String, taxTotals: [[String]], lineTotals: [String]) {
        self.excl = excl
        self.incl = incl
        self.unpaid = unpaid
        self.taxTotals = taxTotals.map { $0.map(Optional.some) }
        self.lineTotals = lineTotals.map(Optional.some)
    }

    var description: String {
        "excl \(excl ?? "-") incl \(incl ?? "-") unpaid \(unpaid ?? "-") tax \(taxTotals) lines \(lineTotals)"
    }
}
