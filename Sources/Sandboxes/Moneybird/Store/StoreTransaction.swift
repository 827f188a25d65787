import Foundation
import GRDB

/// Reads and writes inside one database transaction.
struct StoreTransaction {
    let db: Database
    let invoiceCursors: InvoicePageCursors

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .millisecondsSince1970
        return encoder
    }()

    static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .millisecondsSince1970
        return decoder
    }()

    /// Next value of a named counter, starting at 1.
    func next(_ name: String) throws -> Int {
        // Cached statements: an import of a thousand invoices asks for several thousand ids.
        let current =
            try Int.fetchOne(db.cachedStatement(sql: "SELECT value FROM counter WHERE name = ?"), arguments: [name])
            ?? 0
        try db.cachedStatement(
            sql: "INSERT INTO counter(name, value) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET value = excluded.value"
        ).execute(arguments: [name, current + 1])
        return current + 1
    }

    /// A new 18-digit id, like Moneybird's.
    func nextID() throws -> String {
        String(496_081_000_000_000_000 + (try next("id")) * 4_097)
    }

    func save<T: Encodable>(_ value: T, kind: DocumentKind, administration: String, id: String) throws {
        let data = try Self.encoder.encode(value)
        try db.cachedStatement(
            sql: """
                INSERT INTO document(kind, administration_id, id, json) VALUES (?, ?, ?, ?)
                ON CONFLICT(kind, administration_id, id) DO UPDATE SET json = excluded.json
                """
        ).execute(arguments: [kind.rawValue, administration, id, data])
    }

    func find<T: Decodable>(_ type: T.Type, kind: DocumentKind, administration: String, id: String) throws -> T? {
        let data = try Data.fetchOne(
            db.cachedStatement(sql: "SELECT json FROM document WHERE kind = ? AND administration_id = ? AND id = ?"),
            arguments: [kind.rawValue, administration, id])
        return try data.map { try Self.decoder.decode(T.self, from: $0) }
    }

    /// Whether the document exists, without decoding it.
    func exists(kind: DocumentKind, administration: String, id: String) throws -> Bool {
        try Bool.fetchOne(
            db.cachedStatement(
                sql: "SELECT EXISTS (SELECT 1 FROM document WHERE kind = ? AND administration_id = ? AND id = ?)"),
            arguments: [kind.rawValue, administration, id]) ?? false
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
}
