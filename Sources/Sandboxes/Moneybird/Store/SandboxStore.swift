import Foundation
import GRDB

/// What a stored document is. Sales invoices have a table of their own, see `StoreTransaction+SalesInvoices`.
enum DocumentKind: String, Sendable {
    case administration, taxRate, ledgerAccount, workflow, documentStyle
    case contact
    case authorizationCode, token
}

/// The sandbox's state: one SQLite file a run.
///
/// Master data, contacts and tokens are few and stored as JSON by kind and administration; lists of them
/// load an administration's documents and filter in Swift. Sales invoices run to a million an administration,
/// so they keep their filter columns beside the JSON and lists filter and paginate in SQL.
final class SandboxStore: Sendable {
    private let queue: DatabaseQueue
    /// Where pages of invoice lists begin, so deep pages do not count from the start again.
    let invoiceCursors = InvoicePageCursors()

    init(path: String) throws {
        var configuration = Configuration()
        configuration.busyMode = .timeout(5)
        queue = try DatabaseQueue(path: path, configuration: configuration)
        var migrator = DatabaseMigrator()
        migrator.registerMigration("documents") { db in
            try db.create(table: "document") { table in
                table.autoIncrementedPrimaryKey("seq")
                table.column("kind", .text).notNull()
                table.column("administration_id", .text).notNull()
                table.column("id", .text).notNull()
                table.column("json", .blob).notNull()
                table.uniqueKey(["kind", "administration_id", "id"])
            }
            try db.create(table: "counter") { table in
                table.primaryKey("name", .text)
                table.column("value", .integer).notNull()
            }
        }
        migrator.registerMigration("salesInvoices", migrate: SalesInvoiceTables.create)
        try migrator.migrate(queue)
    }

    func read<T>(_ body: (StoreTransaction) throws -> T) throws -> T {
        try queue.read { db in try body(StoreTransaction(db: db, invoiceCursors: invoiceCursors)) }
    }

    func write<T>(_ body: (StoreTransaction) throws -> T) throws -> T {
        try queue.write { db in try body(StoreTransaction(db: db, invoiceCursors: invoiceCursors)) }
    }
}
