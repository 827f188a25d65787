import Foundation
import GRDB
import KoppelCore
import KoppelStore
import Testing

/// Pushes that arrive while the writer is busy share one commit; each is answered only once that
/// commit is done; a push that fails inside a group is rolled back alone.
struct GroupCommitTests {
    func order(_ id: Int) -> IncomingOrder {
        IncomingOrder(
            orderReference: String(id), status: "2", total: Amount(cents: 4085), currencyCode: "EUR",
            dateAdded: "2026-11-22 23:37:28", canonicalJSON: Data("{\"id\":\(id)}".utf8))
    }

    func signature(_ text: String) -> AcceptedSignature {
        AcceptedSignature(bytes: Data(text.utf8), expiresAt: 2_000)
    }

    @Test func pushesThatWaitShareACommitAndAFailureStaysItsOwn() throws {
        let store = try TemporaryStore()
        let database = store.database
        let connection = try database.addConnection(name: "Shop", shop: .opencart, ledger: .moneybird, now: 1)
        let used = signature("used")
        _ = try database.storeOrders([order(1)], connectionID: connection.id, signature: used, now: 10)
        let commitsBefore = database.pushCommits

        // Another write holds the database: the writer takes the first push and waits behind it,
        // and the pushes after it queue up.
        let holding = DispatchSemaphore(value: 0)
        let release = DispatchSemaphore(value: 0)
        let holder = Outcomes()
        let held = DispatchGroup()
        held.enter()
        Thread {
            holder.record(0, Result { () throws -> [StoredOrder] in
                try database.pool.write { _ in
                    holding.signal()
                    release.wait()
                }
                return []
            })
            held.leave()
        }.start()
        holding.wait()

        let outcomes = Outcomes()
        let finished = DispatchGroup()
        let pushes = 16
        for number in 2...(pushes + 1) {
            finished.enter()
            Thread {
                outcomes.record(number, Result {
                    try database.storeOrders([order(number)], connectionID: connection.id, signature: signature("push \(number)"), now: 11)
                })
                finished.leave()
            }.start()
        }
        // A replay among them: refused, and the group it shares still commits.
        finished.enter()
        Thread {
            outcomes.record(100, Result {
                try database.storeOrders([order(100)], connectionID: connection.id, signature: used, now: 11)
            })
            finished.leave()
        }.start()

        // A second is far more than 17 threads need to queue. None may have an answer yet: nothing
        // is committed while the other write holds the database.
        Thread.sleep(forTimeInterval: 1)
        #expect(outcomes.all.isEmpty)
        release.signal()
        held.wait()
        finished.wait()
        if case .failure(let error)? = holder.all[0] { throw error }

        let answered = outcomes.all
        #expect(answered.count == pushes + 1)
        for number in 2...(pushes + 1) {
            let stored = try #require(answered[number]).get()
            #expect(stored.map(\.result) == [.created], "push \(number)")
        }
        #expect(throws: ReplayedSignature.self) { try #require(answered[100]).get() }
        // Order 1 and the sixteen; nothing of the replay.
        let counts = try database.counts()
        #expect(counts.orders == pushes + 1)
        #expect(counts.versions == pushes + 1)

        // The first push waited alone; the others shared one commit (two at most if one thread
        // queued only after that commit had started).
        let commits = database.pushCommits - commitsBefore
        #expect(commits >= 2 && commits <= 3, "\(commits) commits for \(pushes + 1) pushes")
    }
}

/// Each thread's outcome by its number, behind a lock.
private final class Outcomes: @unchecked Sendable {
    private let lock = NSLock()
    private var outcomes: [Int: Result<[StoredOrder], any Error>] = [:]

    func record(_ number: Int, _ outcome: Result<[StoredOrder], any Error>) {
        lock.withLock { outcomes[number] = outcome }
    }

    var all: [Int: Result<[StoredOrder], any Error>] { lock.withLock { outcomes } }
}
