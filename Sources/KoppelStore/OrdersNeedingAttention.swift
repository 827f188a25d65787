/// The one index over a connection's orders that still need someone: not booked, a newest version
/// the worker has not looked at, or a difference the reconciler found. Booked orders that agree
/// with the ledger, nearly all of a shop's in time, are not in it.
///
/// Its key is the connection, whether the newest version is unexamined (0 or 1), then the state.
/// Unexamined comes before the state so that Open's backlog poll seeks the few unexamined orders
/// instead of walking the cancelled ones, which stay `open` for ever.
///
/// Every query that reads the index names it (`INDEXED BY`) and repeats its condition word for
/// word as one of its ANDed terms: SQLite uses a partial index only where the query's WHERE
/// contains the index's condition, and with `INDEXED BY` a query that no longer does fails when it
/// is prepared, rather than quietly scanning the connection's orders.
///
/// Why one index: a push from one of many shops writes one page of its own in every index that
/// begins with `connection_id`. The two it replaced (by state; unexamined) cost two pages a push
/// beside the unique key's (docs/benchmarks.md, "One index for the orders that need attention").
enum OrdersNeedingAttention {
    static let index = "shop_order_attention"

    /// The index's condition, and the term each query ANDs into its WHERE; `table` qualifies the
    /// columns where the query joins (SQLite matches a column however it is named).
    static func condition(_ table: String? = nil) -> String {
        let column = qualifier(table)
        return "(\(column("state")) <> 'booked' OR \(column("examined_version")) < \(column("version"))"
            + " OR \(column("ledger_mismatch")) IS NOT NULL)"
    }

    /// The term that seeks the unexamined orders: the key's second column, compared as a value
    /// (SQLite seeks an expression column only on `expression = value`).
    static func unexamined(_ table: String? = nil) -> String {
        let column = qualifier(table)
        return "(\(column("examined_version")) < \(column("version"))) = 1"
    }

    private static func qualifier(_ table: String?) -> (String) -> String {
        { name in table.map { "\($0).\(name)" } ?? name }
    }
}
