import Foundation
import SandboxSupport

/// Renders the invoices of one request: master data is read once and each contact decoded once.
struct InvoiceRenderer {
    let tx: StoreTransaction
    let master: MasterData
    private var contacts: [String: Contact?] = [:]

    init(_ tx: StoreTransaction, master: MasterData) {
        self.tx = tx
        self.master = master
    }

    /// The full `sales_invoice_response` with its contact.
    mutating func render(_ invoice: SalesInvoice) throws -> JSONValue {
        try render([invoice])[0]
    }

    /// Several invoices: their contacts are read first, then the invoices rendered on all cores.
    mutating func render(_ invoices: [SalesInvoice]) throws -> [JSONValue] {
        for invoice in invoices where contacts[invoice.contactID] == nil {
            contacts[invoice.contactID] = try tx.find(
                Contact.self, kind: .contact, administration: invoice.administrationID, id: invoice.contactID)
        }
        let (contacts, master) = (contacts, master)
        return invoices.concurrentMap { invoice in
            invoice.json(contact: contacts[invoice.contactID] ?? nil, master: master)
        }
    }
}
