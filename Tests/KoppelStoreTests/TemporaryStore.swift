import Foundation
import GRDB
@testable import KoppelStore

/// A fresh database file and master key in a folder of their own, removed afterwards.
final class TemporaryStore {
    let folder: URL
    let database: KoppelDatabase

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("koppel-store-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        database = try KoppelDatabase(path: folder.appendingPathComponent("koppel.sqlite").path)
    }

    var masterKeyPath: String { folder.appendingPathComponent("master.key").path }

    deinit {
        try? FileManager.default.removeItem(at: folder)
    }
}

extension TemporaryStore {
    /// A database file as koppel left it after `migration`, with `rows` written into it, then
    /// opened by this koppel: every later migration runs over those rows.
    func database(migratedFrom migration: String, _ rows: (Database) throws -> Void) throws -> KoppelDatabase {
        let path = folder.appendingPathComponent("older.sqlite").path
        let old = try DatabaseQueue(path: path)
        try KoppelDatabase.migrator.migrate(old, upTo: migration)
        try old.write(rows)
        try old.close()
        return try KoppelDatabase(path: path)
    }
}
