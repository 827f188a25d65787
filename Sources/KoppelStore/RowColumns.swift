import Foundation
import GRDB
import GRDBSQLite

/// A row's columns by position, as bytes: read in place from a statement (`StatementRow`) or
/// copied out of one (`CopiedRow`). Comparing two rows works on their bytes: a reconcile compares
/// a million pairs, and most of them match without a single Swift value being made
/// (`ReferenceWalk`).
///
/// Columns are read as the tables declare them: an INTEGER column gives its integer, any other a
/// text's bytes. NULL is told apart from both.
protocol RowColumns {
    func isNull(_ index: Int) -> Bool
    /// The column's integer; nil for NULL.
    func integer(_ index: Int) -> Int64?
    /// Hands `body` the column's text (empty for NULL).
    func withText<R>(_ index: Int, _ body: (UnsafeRawBufferPointer) -> R) -> R
}

extension RowColumns {
    /// The column's text; nil for NULL.
    func text(_ index: Int) -> String? {
        isNull(index) ? nil : withText(index) { String(decoding: $0, as: UTF8.self) }
    }

    /// Whether both columns hold the same integer (neither NULL).
    func sameInteger(_ index: Int, as other: some RowColumns, _ otherIndex: Int) -> Bool {
        guard let value = integer(index) else { return false }
        return value == other.integer(otherIndex)
    }

    /// Whether both columns hold the same text byte for byte; with `nullIsEmpty`, NULL counts as "".
    /// Without it, NULL equals nothing, not even NULL.
    func sameText(_ index: Int, as other: some RowColumns, _ otherIndex: Int, nullIsEmpty: Bool = false) -> Bool {
        if isNull(index) || other.isNull(otherIndex) {
            guard nullIsEmpty else { return false }
            return withText(index) { $0.isEmpty } && other.withText(otherIndex) { $0.isEmpty }
        }
        return withText(index) { mine in
            other.withText(otherIndex) { theirs in
                mine.count == theirs.count && (mine.isEmpty || memcmp(mine.baseAddress!, theirs.baseAddress!, mine.count) == 0)
            }
        }
    }

    /// <0, 0 or >0 as this row's text sorts before, with or after `other`'s in SQLite's BINARY
    /// order: byte by byte, the shorter first when one begins the other.
    func compareText(_ index: Int, _ other: some RowColumns, _ otherIndex: Int) -> Int {
        withText(index) { mine in
            other.withText(otherIndex) { theirs in
                let shorter = min(mine.count, theirs.count)
                let order = shorter == 0 ? 0 : Int(memcmp(mine.baseAddress!, theirs.baseAddress!, shorter))
                return order != 0 ? order : mine.count - theirs.count
            }
        }
    }

    /// Whether the text is one or more of A–Z only.
    func isUpperCaseLetters(_ index: Int) -> Bool {
        !isNull(index) && withText(index) { text in !text.isEmpty && text.allSatisfy { $0 >= 0x41 && $0 <= 0x5A } }
    }
}

/// The current row of a statement, read where SQLite keeps it: valid until the statement steps on.
struct StatementRow: RowColumns {
    let statement: OpaquePointer

    func isNull(_ index: Int) -> Bool {
        sqlite3_column_type(statement, Int32(index)) == SQLITE_NULL
    }

    func integer(_ index: Int) -> Int64? {
        isNull(index) ? nil : sqlite3_column_int64(statement, Int32(index))
    }

    func withText<R>(_ index: Int, _ body: (UnsafeRawBufferPointer) -> R) -> R {
        // The text pointer first, then its length: the order SQLite's documentation asks for.
        let text = sqlite3_column_text(statement, Int32(index))
        let count = Int(sqlite3_column_bytes(statement, Int32(index)))
        return body(UnsafeRawBufferPointer(start: count > 0 ? text : nil, count: count))
    }
}
