import GRDB

/// A `WHERE` condition with its arguments; hashable, so a list can remember what a condition found.
struct SQLCondition: Hashable, Sendable {
    var sql: String
    var arguments: StatementArguments
    /// An index that finds the matching rows faster than walking all of them in order, for a condition
    /// the planner cannot judge without statistics (a few references among a million invoices).
    var index: String?

    /// Matches every row.
    static let all = SQLCondition(sql: "1", arguments: [])

    /// All of `conditions`; `all` when there are none.
    init(allOf conditions: [SQLCondition]) {
        guard !conditions.isEmpty else {
            self = .all
            return
        }
        sql = conditions.map { "(\($0.sql))" }.joined(separator: " AND ")
        arguments = conditions.reduce(into: StatementArguments()) { $0 += $1.arguments }
        index = conditions.lazy.compactMap(\.index).first
    }

    init(sql: String, arguments: StatementArguments, index: String? = nil) {
        self.sql = sql
        self.arguments = arguments
        self.index = index
    }

    /// `INDEXED BY` the condition's index, if it names one.
    var indexClause: String { index.map { "INDEXED BY \($0)" } ?? "" }

    /// `column IN (...)`; false for no values, which SQLite would otherwise need its `IN ()` extension for.
    static func column(_ column: String, in values: [String]) -> SQLCondition {
        guard !values.isEmpty else { return SQLCondition(sql: "0", arguments: []) }
        let marks = Array(repeating: "?", count: values.count).joined(separator: ", ")
        return SQLCondition(sql: "\(column) IN (\(marks))", arguments: StatementArguments(values))
    }
}
