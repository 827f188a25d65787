import Foundation
import GRDB
import Testing

@testable import KoppelStore

/// Values bound through SQLite's C API come back as GRDB's own arguments store them, and a
/// refused row is an error that names the constraint, after which the statement is reusable.
struct BoundInsertTests {
    @Test func storesWhatGRDBStores() throws {
        let queue = try DatabaseQueue()
        try queue.write { db in
            try db.execute(sql: "CREATE TABLE bound (text TEXT, number INTEGER, flag INTEGER); CREATE TABLE plain AS SELECT * FROM bound")
            let texts: [String?] = ["", "a", "zoë 🚲", "a\u{0}b", String(repeating: "x", count: 70_000), nil]
            let numbers: [Int64?] = [0, -1, .max, .min, nil]
            let flags: [Bool?] = [true, false, nil]
            for text in texts {
                for number in numbers {
                    for flag in flags {
                        var insert = BoundInsert(try db.cachedStatement(sql: "INSERT INTO bound VALUES (?, ?, ?)"))
                        insert.bind(text)
                        insert.bind(number)
                        insert.bind(flag)
                        try insert.run(db)
                        try db.execute(sql: "INSERT INTO plain VALUES (?, ?, ?)", arguments: [text, number, flag])
                    }
                }
            }
            let bound = try Row.fetchAll(db, sql: "SELECT text, typeof(text), number, typeof(number), flag FROM bound ORDER BY rowid")
            let plain = try Row.fetchAll(db, sql: "SELECT text, typeof(text), number, typeof(number), flag FROM plain ORDER BY rowid")
            #expect(bound.count == texts.count * numbers.count * flags.count)
            #expect(bound == plain)
        }
    }

    @Test func aRefusedRowThrowsAndTheStatementGoesOn() throws {
        let queue = try DatabaseQueue()
        try queue.write { db in
            try db.execute(sql: "CREATE TABLE bound (text TEXT NOT NULL)")
            let sql = "INSERT INTO bound VALUES (?)"
            var refused = BoundInsert(try db.cachedStatement(sql: sql))
            refused.bind(nil as String?)
            let error = try #require(throws: DatabaseError.self) { try refused.run(db) }
            #expect(error.resultCode == .SQLITE_CONSTRAINT)
            #expect(error.message?.contains("NOT NULL") == true)
            var accepted = BoundInsert(try db.cachedStatement(sql: sql))
            accepted.bind("kept")
            try accepted.run(db)
            #expect(try String.fetchAll(db, sql: "SELECT text FROM bound") == ["kept"])
        }
    }
}
