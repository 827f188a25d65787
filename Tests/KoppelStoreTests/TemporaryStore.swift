import Foundation
import KoppelStore

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
