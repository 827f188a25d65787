import Foundation
import GRDB
import GRDBSQLite

/// A statement's rows in turn, each read in place (`StatementRow`).
final class StatementRows {
    private let statement: Statement
    private(set) var hasCurrent = false

    /// `statement` has its arguments set; it is stepped from its first row.
    init(_ statement: Statement) throws {
        self.statement = statement
        sqlite3_reset(statement.sqliteStatement)
        hasCurrent = try stepToNextRow(statement)
    }

    deinit {
        sqlite3_reset(statement.sqliteStatement)
    }

    /// The current row; read it before `advance`.
    var current: StatementRow {
        StatementRow(statement: statement.sqliteStatement)
    }

    /// Moves on to the next row; `hasCurrent` is false after the last.
    func advance() throws {
        hasCurrent = try stepToNextRow(statement)
    }
}

/// Steps `statement` to its next row: false after the last, SQLite's error thrown.
func stepToNextRow(_ statement: Statement) throws -> Bool {
    switch sqlite3_step(statement.sqliteStatement) {
    case SQLITE_ROW:
        return true
    case SQLITE_DONE:
        return false
    case let code:
        let connection = sqlite3_db_handle(statement.sqliteStatement)
        throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(connection)), sql: statement.sql)
    }
}
