import Foundation
import GRDB
import GRDBSQLite

/// One row's columns copied out of a statement into storage that is reused row after row, so
/// that the statement can step on while the row is still looked at.
struct CopiedRow: RowColumns {
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

    func integer(_ index: Int) -> Int64? {
        isNull(index) ? nil : columns[index].integer
    }

    func withText<R>(_ index: Int, _ body: (UnsafeRawBufferPointer) -> R) -> R {
        let column = columns[index]
        guard column.start >= 0, column.count > 0 else { return body(UnsafeRawBufferPointer(start: nil, count: 0)) }
        return bytes.withUnsafeBytes { all in body(UnsafeRawBufferPointer(rebasing: all[column.start..<(column.start + column.count)])) }
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
        guard try stepToNextRow(statement) else { return false }
        row.copy(from: statement.sqliteStatement)
        return true
    }
}
