import Foundation
import KoppelStore
import Testing

/// koppel-fcgi, koppel-web and the jobs may all open a new database at the same moment: each
/// must find it migrated, none may fail on tables another one just made.
@Suite struct ConcurrentMigrationTests {
    @Test func programsOpeningANewDatabaseAtOnceAllSucceed() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("koppel-migrate-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer {
            do { try FileManager.default.removeItem(at: folder) } catch { Issue.record("cleanup: \(error)") }
        }
        for round in 0..<6 {
            let path = folder.appendingPathComponent("koppel-\(round).sqlite").path
            let failures = await withTaskGroup(of: String?.self) { group in
                for _ in 0..<6 {
                    group.addTask {
                        do {
                            _ = try KoppelDatabase(path: path)
                            return nil
                        } catch {
                            return "\(error)"
                        }
                    }
                }
                var failures: [String] = []
                for await failure in group { if let failure { failures.append(failure) } }
                return failures
            }
            #expect(failures.isEmpty, "round \(round): \(failures)")
            let database = try KoppelDatabase(path: path)
            #expect(try database.connections().isEmpty)
        }
    }
}
