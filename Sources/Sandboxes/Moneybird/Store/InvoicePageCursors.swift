import Synchronization

/// What earlier requests learnt about an invoice list: how many invoices match and where pages ended.
///
/// A client reads a list page after page; page N+1 then continues after the last row of page N
/// (`seq > last`) instead of skipping N × per_page rows again. Everything learnt belongs to one
/// generation of the invoices (counted by the store on every change) and is forgotten when it moves on,
/// so a page never continues from a boundary a change may have shifted.
final class InvoicePageCursors: Sendable {
    struct Key: Hashable, Sendable {
        var administration: String
        var condition: SQLCondition
    }

    private struct List {
        var total: Int?
        /// Number of matching rows up to a boundary → seq of the last of them.
        var ends: [Int: Int64] = [:]
    }

    private struct State {
        var generation: Int64 = -1
        var lists: [Key: List] = [:]
    }

    /// Bounds on memory: filters remembered at once, and boundaries a filter (a million rows in pages of 10).
    private static let maxLists = 64
    private static let maxEnds = 100_000

    private let state = Mutex(State())

    func total(_ key: Key, generation: Int64) -> Int? {
        withList(key, generation) { $0.total }
    }

    func remember(total: Int, _ key: Key, generation: Int64) {
        withList(key, generation) { $0.total = total }
    }

    /// The nearest boundary at or before `skipping` matching rows: how many rows lie before it and the seq
    /// after which the rest follow; `(0, 0)` for the start of the list.
    func start(_ key: Key, generation: Int64, skipping: Int) -> (rows: Int, afterSeq: Int64) {
        withList(key, generation) { list in
            if let seq = list.ends[skipping] { return (skipping, seq) }
            var best: (rows: Int, afterSeq: Int64) = (0, 0)
            for (rows, seq) in list.ends where rows <= skipping && rows > best.rows { best = (rows, seq) }
            return best
        }
    }

    func remember(rows: Int, endAt seq: Int64, _ key: Key, generation: Int64) {
        withList(key, generation) { list in
            if list.ends.count >= Self.maxEnds { list.ends.removeAll() }
            list.ends[rows] = seq
        }
    }

    private func withList<T>(_ key: Key, _ generation: Int64, _ body: (inout List) -> T) -> T {
        state.withLock { state in
            if state.generation != generation {
                state.generation = generation
                state.lists.removeAll()
            }
            if state.lists[key] == nil, state.lists.count >= Self.maxLists { state.lists.removeAll() }
            return body(&state.lists[key, default: List()])
        }
    }
}
