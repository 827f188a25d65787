import Foundation
import GRDB
import GRDBSQLite

/// One row's columns copied out of a statement into storage that is reused row after row, so
/// that the statement can step on while the row is still looked at. Comparing two copied rows
/// works on their bytes: a reconcile compares a million pairs, and most of them match without a
/// single Swift value being made (`ReferenceWalk`).
///
/// Columns are read as the tables declare them: an INTEGER column gives its integer, any other a
/// text's bytes. NULL is told apart from both.
struct CopiedRow {
    private struct Column {
        /// Where the text starts in `bytes`; -1 for NULL.
        var start: Int
        var count: Int
        var integer: Int64
    }

    private var bytes: [UInt8] = []
    private var columns: [Column] = []

    /// Copies the statement's current row (`sqlite3_step` returned `SQLITE_ROW`).
    mutating func copy(from statement: OpaquePointer) {
        bytes.removeAll(keepingCapacity: true)
        columns.removeAll(keepingCapacity: true)
        for index in 0..<sqlite3_column_count(statement) {
            switch sqlite3_column_type(statement, index) {
            case SQLITE_NULL:
                columns.append(Column(start: -1, count: 0, integer: 0))
            case SQLITE_INTEGER:
                columns.append(Column(start: 0, count: 0, integer: sqlite3_column_int64(statement, index)))
            default:
                // The text pointer first, then its length: the order SQLite's documentation asks for.
                let text = sqlite3_column_text(statement, index)
                let count = Int(sqlite3_column_bytes(statement, index))
                columns.append(Column(start: bytes.count, count: count, integer: 0))
                if let text, count > 0 { bytes.append(contentsOf: UnsafeBufferPointer(start: text, count: count)) }
            }
        }
    }

    func isNull(_ index: Int) -> Bool {
        columns[index].start < 0
    }

    /// The column's integer; nil for NULL.
    func integer(_ index: Int) -> Int64? {
        isNull(index) ? nil : columns[index].integer
    }

    /// The column's text; nil for NULL.
    func text(_ index: Int) -> String? {
        let column = columns[index]
        guard column.start >= 0 else { return nil }
        return bytes.withUnsafeBufferPointer { all in
            String(decoding: UnsafeBufferPointer(rebasing: all[column.start..<(column.start + column.count)]), as: UTF8.self)
        }
    }

    /// Whether both columns hold the same integer (neither NULL).
    func sameInteger(_ index: Int, as other: CopiedRow, _ otherIndex: Int) -> Bool {
        guard let value = integer(index) else { return false }
        return value == other.integer(otherIndex)
    }

    /// Whether both columns hold the same text byte for byte; with `nullIsEmpty`, NULL counts as "".
    /// Without it, NULL equals nothing, not even NULL.
    func sameText(_ index: Int, as other: CopiedRow, _ otherIndex: Int, nullIsEmpty: Bool = false) -> Bool {
        let mine = columns[index], theirs = other.columns[otherIndex]
        if mine.start < 0 || theirs.start < 0 {
            return nullIsEmpty && (mine.start < 0 || mine.count == 0) && (theirs.start < 0 || theirs.count == 0)
        }
        guard mine.count == theirs.count else { return false }
        return bytes.withUnsafeBufferPointer { a in
            other.bytes.withUnsafeBufferPointer { b in
                mine.count == 0 || memcmp(a.baseAddress! + mine.start, b.baseAddress! + theirs.start, mine.count) == 0
            }
        }
    }

    /// <0, 0 or >0 as this row's text sorts before, with or after `other`'s in SQLite's BINARY
    /// order: byte by byte, the shorter first when one begins the other.
    func compareText(_ index: Int, _ other: CopiedRow, _ otherIndex: Int) -> Int {
        let mine = columns[index], theirs = other.columns[otherIndex]
        let shorter = min(mine.count, theirs.count)
        let order = shorter == 0 ? 0 : bytes.withUnsafeBufferPointer { a in
            other.bytes.withUnsafeBufferPointer { b in
                Int(memcmp(a.baseAddress! + mine.start, b.baseAddress! + theirs.start, shorter))
            }
        }
        return order != 0 ? order : mine.count - theirs.count
    }

    /// Whether the text is one or more of A–Z only.
    func isUpperCaseLetters(_ index: Int) -> Bool {
        let column = columns[index]
        guard column.start >= 0, column.count > 0 else { return false }
        return bytes[column.start..<(column.start + column.count)].allSatisfy { $0 >= 0x41 && $0 <= 0x5A }
    }
}

/// A statement's rows in turn, each copied (`CopiedRow`), with the row after the current one
/// already read: a walk that needs to know whether the next row carries the same key has it.
final class RowStream {
    private let statement: Statement
    private(set) var current = CopiedRow()
    private(set) var following = CopiedRow()
    private(set) var hasCurrent = false
    private(set) var hasFollowing = false

    /// `statement` has its arguments set; it is stepped from its first row.
    init(_ statement: Statement) throws {
        self.statement = statement
        sqlite3_reset(statement.sqliteStatement)
        hasCurrent = try step(into: &current)
        if hasCurrent { hasFollowing = try step(into: &following) }
    }

    deinit {
        sqlite3_reset(statement.sqliteStatement)
    }

    /// Moves on to the next row; `hasCurrent` is false after the last.
    func advance() throws {
        swap(&current, &following)
        hasCurrent = hasFollowing
        if hasFollowing { hasFollowing = try step(into: &following) }
    }

    private func step(into row: inout CopiedRow) throws -> Bool {
        switch sqlite3_step(statement.sqliteStatement) {
        case SQLITE_ROW:
            row.copy(from: statement.sqliteStatement)
            return true
        case SQLITE_DONE:
            return false
        case let code:
            let connection = sqlite3_db_handle(statement.sqliteStatement)
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(connection)), sql: statement.sql)
        }
    }
}
