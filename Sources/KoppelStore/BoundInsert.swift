import GRDB
import GRDBSQLite

/// Runs a cached statement with its values bound one by one through SQLite's C API (GRDB's
/// documented `sqliteStatement`). A reconcile writes a row per booking into its scratch files, and
/// GRDB's `StatementArguments` (an array of boxed values) cost more than the insert itself there
/// (docs/benchmarks.md, "Reconcile").
struct BoundInsert {
    private let statement: Statement
    private var column: Int32 = 0

    init(_ statement: Statement) {
        self.statement = statement
    }

    /// SQLite copies the text during the call: the string's storage need not outlive it.
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
    private static let empty: StaticString = ""

    mutating func bind(_ value: String?) {
        column += 1
        guard var value else {
            sqlite3_bind_null(statement.sqliteStatement, column)
            return
        }
        let column = column
        value.withUTF8 { utf8 in
            // A pointer also for "": a null one would bind NULL.
            let start = utf8.baseAddress ?? Self.empty.utf8Start
            _ = sqlite3_bind_text(statement.sqliteStatement, column, start, Int32(utf8.count), Self.transient)
        }
    }

    mutating func bind(_ value: Int64?) {
        column += 1
        if let value {
            sqlite3_bind_int64(statement.sqliteStatement, column, value)
        } else {
            sqlite3_bind_null(statement.sqliteStatement, column)
        }
    }

    mutating func bind(_ value: Bool?) {
        bind(value.map { $0 ? 1 : 0 } as Int64?)
    }

    /// Runs the statement with the values bound, and readies it for the next row.
    func run(_ db: Database) throws {
        precondition(column == sqlite3_bind_parameter_count(statement.sqliteStatement), "every parameter is bound")
        let code = sqlite3_step(statement.sqliteStatement)
        let message = code == SQLITE_DONE ? nil : String(cString: sqlite3_errmsg(db.sqliteConnection))
        sqlite3_reset(statement.sqliteStatement)
        sqlite3_clear_bindings(statement.sqliteStatement)
        if let message { throw DatabaseError(resultCode: ResultCode(rawValue: code), message: message, sql: statement.sql) }
    }
}
