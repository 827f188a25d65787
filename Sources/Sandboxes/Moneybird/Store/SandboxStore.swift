import Foundation
import GRDB

/// What a stored document is.
enum DocumentKind: String, Sendable {
    case administration, taxRate, ledgerAccount, workflow, documentStyle
    case contact, salesInvoice
    case authorizationCode, token
}

/// The sandbox's state: one SQLite file a run, documents stored as JSON by kind and administration.
///
/// The sandbox serves thousands of records at most, so lists load an administration's documents and
/// filter in Swift; that keeps Moneybird's filter rules in one readable place (`InvoiceFilter`).
final class SandboxStore: Sendable {
    private let queue: DatabaseQueue

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
        try migrator.migrate(queue)
    }

    func read<T>(_ body: (StoreTransaction) throws -> T) throws -> T {
        try queue.read { db in try body(StoreTransaction(db: db)) }
    }

    func write<T>(_ body: (StoreTransaction) throws -> T) throws -> T {
        try queue.write { db in try body(StoreTransaction(db: db)) }
    }
}

/// Reads and writes inside one database transaction.
struct StoreTransaction {
    let db: Database

    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .millisecondsSince1970
        return encoder
    }()

    private static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .millisecondsSince1970
        return decoder
    }()

    /// Next value of a named counter, starting at 1.
    func next(_ name: String) throws -> Int {
        let current = try Int.fetchOne(db, sql: "SELECT value FROM counter WHERE name = ?", arguments: [name]) ?? 0
        try db.execute(
            sql: "INSERT INTO counter(name, value) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET value = excluded.value",
            arguments: [name, current + 1])
        return current + 1
    }

    /// A new 18-digit id, like Moneybird's.
    func nextID() throws -> String {
        String(496_081_000_000_000_000 + (try next("id")) * 4_097)
    }

    func save<T: Encodable>(_ value: T, kind: DocumentKind, administration: String, id: String) throws {
        let data = try Self.encoder.encode(value)
        try db.execute(
            sql: """
                INSERT INTO document(kind, administration_id, id, json) VALUES (?, ?, ?, ?)
                ON CONFLICT(kind, administration_id, id) DO UPDATE SET json = excluded.json
                """,
            arguments: [kind.rawValue, administration, id, data])
    }

    func find<T: Decodable>(_ type: T.Type, kind: DocumentKind, administration: String, id: String) throws -> T? {
        let data = try Data.fetchOne(
            db, sql: "SELECT json FROM document WHERE kind = ? AND administration_id = ? AND id = ?",
            arguments: [kind.rawValue, administration, id])
        return try data.map { try Self.decoder.decode(T.self, from: $0) }
    }

    /// All documents of a kind in an administration, oldest first.
    func all<T: Decodable>(_ type: T.Type, kind: DocumentKind, administration: String) throws -> [T] {
        let rows = try Data.fetchAll(
            db, sql: "SELECT json FROM document WHERE kind = ? AND administration_id = ? ORDER BY seq",
            arguments: [kind.rawValue, administration])
        return try rows.map { try Self.decoder.decode(T.self, from: $0) }
    }

    @discardableResult
    func delete(kind: DocumentKind, administration: String, id: String) throws -> Bool {
        try db.execute(
            sql: "DELETE FROM document WHERE kind = ? AND administration_id = ? AND id = ?",
            arguments: [kind.rawValue, administration, id])
        return db.changesCount > 0
    }

    func deleteAll(kinds: [DocumentKind]) throws {
        for kind in kinds {
            try db.execute(sql: "DELETE FROM document WHERE kind = ?", arguments: [kind.rawValue])
        }
    }

    func count(kind: DocumentKind) throws -> Int {
        try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM document WHERE kind = ?", arguments: [kind.rawValue]) ?? 0
    }
}
