import KoppelCore
import KoppelStore
import Testing

/// The last run of each job per connection, for `koppel connection list`.
struct ConnectionRunTests {
    @Test func keepsTheLastRunOfEachJob() throws {
        let store = try TemporaryStore()
        let shop = try store.database.addConnection(name: "Shop", shop: .opencart, ledger: .moneybird, now: 1)
        let other = try store.database.addConnection(name: "Other", shop: .opencart, ledger: .moneybird, now: 1)
        #expect(try store.database.lastRuns(connectionID: shop.id).isEmpty)

        try store.database.recordRun(connectionID: shop.id, job: "sync", problem: "the ledger is not connected yet", now: 100)
        try store.database.recordRun(connectionID: shop.id, job: "reconcile", problem: nil, now: 200)
        try store.database.recordRun(connectionID: other.id, job: "reconcile", problem: "Moneybird did not answer", now: 300)
        var runs = try store.database.lastRuns(connectionID: shop.id)
        #expect(runs.map(\.job) == ["reconcile", "sync"])
        #expect(runs.map(\.at) == [200, 100])
        #expect(runs.map(\.problem) == [nil, "the ledger is not connected yet"])

        // The next run replaces the last one: a sync that went well clears the problem.
        try store.database.recordRun(connectionID: shop.id, job: "sync", problem: nil, now: 400)
        try store.database.recordRun(connectionID: shop.id, job: "reconcile", problem: "cannot read\n  the page:\tlost", now: 500)
        runs = try store.database.lastRuns(connectionID: shop.id)
        #expect(runs.map(\.at) == [500, 400])
        #expect(runs.map(\.problem) == ["cannot read the page: lost", nil])
        #expect(try store.database.lastRuns(connectionID: other.id).map(\.problem) == ["Moneybird did not answer"])
    }

    @Test func aLongProblemIsCut() throws {
        let store = try TemporaryStore()
        let shop = try store.database.addConnection(name: "Shop", shop: .opencart, ledger: .moneybird, now: 1)
        try store.database.recordRun(connectionID: shop.id, job: "sync", problem: String(repeating: "x", count: 2_000), now: 1)
        let problem = try #require(try store.database.lastRuns(connectionID: shop.id).first?.problem)
        #expect(problem.count == 500)
        #expect(problem.hasSuffix("…"))
    }
}
