import Foundation
import GRDB

/// The tables of sales invoices: `sales_invoice` holds one small row an invoice with the columns lists
/// filter on, `sales_invoice_json` the invoice itself, so counting and walking a list never reads the JSON.
enum SalesInvoiceTables {
    /// Counts every change to `sales_invoice`; remembered page boundaries hold for one value of it only.
    static let generationCounter = "sales_invoice_generation"

    static func create(_ db: Database) throws {
        try db.create(table: "sales_invoice") { table in
            table.autoIncrementedPrimaryKey("seq")
            table.column("administration_id", .text).notNull()
            table.column("id", .text).notNull()
            table.column("state", .text).notNull()
            table.column("invoice_date", .text)
            table.column("reference_key", .text)
            table.column("contact_id", .text).notNull()
            table.column("workflow_id", .text).notNull()
            table.column("created_at", .double).notNull()
            table.column("updated_at", .double).notNull()
            table.column("version", .integer).notNull()
            table.uniqueKey(["administration_id", "id"])
        }
        // An index holds the row's seq after its columns: lists walk (administration_id, seq) in order.
        try db.create(index: "sales_invoice_by_seq", on: "sales_invoice", columns: ["administration_id"])
        try db.create(
            index: "sales_invoice_by_reference", on: "sales_invoice", columns: ["administration_id", "reference_key"])
        try db.create(
            index: "sales_invoice_by_contact", on: "sales_invoice", columns: ["administration_id", "contact_id"])
        // Covers the usual list filters, so counting a list's matches (once per change) reads no table rows.
        try db.create(
            index: "sales_invoice_for_counting", on: "sales_invoice",
            columns: ["administration_id", "invoice_date", "state"])
        try db.create(table: "sales_invoice_json") { table in
            table.primaryKey("seq", .integer).references("sales_invoice", onDelete: .cascade)
            table.column("json", .blob).notNull()
        }

        try db.execute(
            sql: "INSERT INTO counter(name, value) VALUES (?, 0) ON CONFLICT(name) DO NOTHING",
            arguments: [generationCounter])
        for event in ["INSERT", "UPDATE", "DELETE"] {
            try db.execute(
                sql: """
                    CREATE TRIGGER sales_invoice_\(event.lowercased()) AFTER \(event) ON sales_invoice BEGIN
                        UPDATE counter SET value = value + 1 WHERE name = '\(generationCounter)';
                    END
                    """)
        }

        // Earlier versions kept invoices among the documents; move them over in their order.
        let transaction = StoreTransaction(db: db, invoiceCursors: InvoicePageCursors())
        for data in try Data.fetchAll(db, sql: "SELECT json FROM document WHERE kind = 'salesInvoice' ORDER BY seq") {
            try transaction.saveInvoice(try StoreTransaction.decoder.decode(SalesInvoice.self, from: data))
        }
        try db.execute(sql: "DELETE FROM document WHERE kind = 'salesInvoice'")
    }
}
