import Foundation
import GRDB
import SandboxSupport

/// Sales invoices, oldest first: `seq` is the order they were created in and stays when one is updated.
extension StoreTransaction {
    /// Creates or replaces an invoice, keeping its place in lists.
    func saveInvoice(_ invoice: SalesInvoice) throws {
        let seq = try Int64.fetchOne(
            db.cachedStatement(
                sql: """
                    INSERT INTO sales_invoice(administration_id, id, state, invoice_date, reference_key, contact_id,
                        workflow_id, created_at, updated_at, version)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT(administration_id, id) DO UPDATE SET state = excluded.state,
                        invoice_date = excluded.invoice_date, reference_key = excluded.reference_key,
                        contact_id = excluded.contact_id, workflow_id = excluded.workflow_id,
                        created_at = excluded.created_at, updated_at = excluded.updated_at, version = excluded.version
                    RETURNING seq
                    """),
            arguments: [
                invoice.administrationID, invoice.id, invoice.state, invoice.invoiceDate,
                invoice.reference.map(SalesInvoiceColumns.canonical), SalesInvoiceColumns.canonical(invoice.contactID),
                SalesInvoiceColumns.canonical(invoice.workflowID),
                SalesInvoiceColumns.time(invoice.createdAt), SalesInvoiceColumns.time(invoice.updatedAt),
                invoice.version,
            ])
        try db.cachedStatement(
            sql: """
                INSERT INTO sales_invoice_json(seq, json) VALUES (?, ?)
                ON CONFLICT(seq) DO UPDATE SET json = excluded.json
                """
        ).execute(arguments: [seq, try Self.encoder.encode(invoice)])
    }

    func invoice(_ id: String, administration: String) throws -> SalesInvoice? {
        let seq = try Int64.fetchOne(
            db.cachedStatement(sql: "SELECT seq FROM sales_invoice WHERE administration_id = ? AND id = ?"),
            arguments: [administration, id])
        return try seq.map(invoice(seq:))
    }

    /// The oldest invoice with this reference; references compare as Swift strings do.
    func invoice(reference: String, administration: String) throws -> SalesInvoice? {
        let seq = try Int64.fetchOne(
            db.cachedStatement(
                sql: """
                    SELECT seq FROM sales_invoice WHERE administration_id = ? AND reference_key = ?
                    ORDER BY seq LIMIT 1
                    """),
            arguments: [administration, SalesInvoiceColumns.canonical(reference)])
        return try seq.map(invoice(seq:))
    }

    @discardableResult
    func deleteInvoice(_ id: String, administration: String) throws -> Bool {
        try db.execute(
            sql: "DELETE FROM sales_invoice WHERE administration_id = ? AND id = ?", arguments: [administration, id])
        return db.changesCount > 0
    }

    func deleteAllInvoices() throws {
        try db.execute(sql: "DELETE FROM sales_invoice_json")
        try db.execute(sql: "DELETE FROM sales_invoice")
    }

    /// Page `page` (from 1) of an administration's invoices matching `condition`, and how many match in all.
    ///
    /// Continues after the last row of the nearest page read before under the same generation, so reading
    /// a list page by page costs the same at any depth; otherwise it skips rows with `OFFSET`.
    func invoicePage(
        administration: String, matching condition: SQLCondition, page: Int, perPage: Int
    ) throws -> (invoices: [SalesInvoice], total: Int) {
        let generation = try invoiceGeneration()
        let key = InvoicePageCursors.Key(administration: administration, condition: condition)
        let total: Int
        if let known = invoiceCursors.total(key, generation: generation) {
            total = known
        } else {
            total = try countInvoices(administration: administration, matching: condition)
            invoiceCursors.remember(total: total, key, generation: generation)
        }
        let (skip, overflow) = (page - 1).multipliedReportingOverflow(by: perPage)
        guard !overflow, skip < total else { return ([], total) }

        let start = invoiceCursors.start(key, generation: generation, skipping: skip)
        let seqs = try Int64.fetchAll(
            db, sql: Self.pageSQL(condition),
            arguments: [administration] + condition.arguments + [start.afterSeq, perPage, skip - start.rows])
        if let last = seqs.last {
            invoiceCursors.remember(rows: skip + seqs.count, endAt: last, key, generation: generation)
        }
        let documents = try seqs.map(invoiceJSON(seq:))
        return (try documents.concurrentMap { try Self.decoder.decode(SalesInvoice.self, from: $0) }, total)
    }

    /// The seqs of one page; unless the condition names an index, the planner walks `sales_invoice_by_seq`
    /// from `seq > ?` without sorting.
    private static func pageSQL(_ condition: SQLCondition) -> String {
        """
        SELECT seq FROM sales_invoice \(condition.indexClause)
        WHERE administration_id = ? AND (\(condition.sql)) AND seq > ?
        ORDER BY seq LIMIT ? OFFSET ?
        """
    }

    /// Id and version of every matching invoice, oldest first, one at a time without reading the
    /// invoices, so that a million are never held at once.
    func eachInvoiceVersion(
        administration: String, matching condition: SQLCondition, _ each: (_ id: String, _ version: Int64) throws -> Void
    ) throws {
        let rows = try Row.fetchCursor(
            db,
            sql: """
                SELECT id, version FROM sales_invoice \(condition.indexClause)
                WHERE administration_id = ? AND (\(condition.sql)) ORDER BY seq
                """,
            arguments: [administration] + condition.arguments)
        while let row = try rows.next() { try each(row[0], row[1]) }
    }

    private func countInvoices(administration: String, matching condition: SQLCondition) throws -> Int {
        try Int.fetchOne(
            db,
            sql: """
                SELECT COUNT(*) FROM sales_invoice \(condition.indexClause)
                WHERE administration_id = ? AND (\(condition.sql))
                """,
            arguments: [administration] + condition.arguments) ?? 0
    }

    private func invoiceGeneration() throws -> Int64 {
        try Int64.fetchOne(
            db.cachedStatement(sql: "SELECT value FROM counter WHERE name = ?"),
            arguments: [SalesInvoiceTables.generationCounter]) ?? 0
    }

    private func invoice(seq: Int64) throws -> SalesInvoice {
        try Self.decoder.decode(SalesInvoice.self, from: try invoiceJSON(seq: seq))
    }

    private func invoiceJSON(seq: Int64) throws -> Data {
        let data = try Data.fetchOne(
            db.cachedStatement(sql: "SELECT json FROM sales_invoice_json WHERE seq = ?"), arguments: [seq])
        guard let data else { throw DatabaseError(resultCode: .SQLITE_CORRUPT, message: "invoice \(seq) has no JSON") }
        return data
    }
}
