import Foundation
import GRDB
import Synchronization

/// Runs the write transactions of concurrent requests together: one writer thread takes every
/// job waiting, runs each in a savepoint of one transaction, commits once, and then answers them.
///
/// A commit rewrites every page a transaction touched into the WAL; for a single pushed order
/// that is most of the cost. Sharing a commit among the pushes that arrive together cuts it to a
/// fraction, and a push is still answered only after its data is committed. A job that fails is
/// rolled back to its savepoint alone: the others commit.
final class GroupCommit: @unchecked Sendable {
    /// One request's work and, once committed, its outcome.
    private final class Job: @unchecked Sendable {
        let work: (Database) throws -> Any
        var outcome: Result<Any, any Error>?
        let done = DispatchSemaphore(value: 0)

        init(_ work: @escaping (Database) throws -> Any) {
            self.work = work
        }
    }

    static let largestGroup = 128

    private let pool: DatabasePool
    private let condition = NSCondition()
    /// Guarded by `condition`.
    private var waiting: [Job] = []
    private var writerStarted = false
    /// Groups committed (or rolled back) so far: with the jobs a benchmark ran, the size of a group.
    private let groupsCommitted = Atomic<Int>(0)
    var groupCount: Int { groupsCommitted.load(ordering: .relaxed) }

    init(pool: DatabasePool) {
        self.pool = pool
    }

    /// Runs `work` inside a shared write transaction and returns its result once committed.
    func perform<T>(_ work: @escaping (Database) throws -> T) throws -> T {
        let job = Job { db in try work(db) }
        condition.lock()
        if !writerStarted {
            writerStarted = true
            let thread = Thread { [self] in writeWhileBusy() }
            thread.name = "koppel-writer"
            thread.start()
        }
        waiting.append(job)
        condition.signal()
        condition.unlock()

        job.done.wait()
        return try job.outcome!.get() as! T
    }

    /// Commits groups until nothing has arrived for a second; the next job starts a new writer.
    private func writeWhileBusy() {
        while true {
            condition.lock()
            let idleUntil = Date(timeIntervalSinceNow: 1)
            while waiting.isEmpty {
                if !condition.wait(until: idleUntil), waiting.isEmpty {
                    writerStarted = false
                    condition.unlock()
                    return
                }
            }
            let group = Array(waiting.prefix(Self.largestGroup))
            waiting.removeFirst(group.count)
            condition.unlock()
            commit(group)
        }
    }

    private func commit(_ group: [Job]) {
        do {
            try pool.write { db in
                for job in group {
                    do {
                        var value: Any?
                        try db.inSavepoint {
                            value = try job.work(db)
                            return .commit
                        }
                        job.outcome = .success(value!)
                    } catch {
                        job.outcome = .failure(error)
                    }
                }
            }
        } catch {
            // The commit failed: nothing of the group is stored, whatever each job did.
            for job in group { job.outcome = .failure(error) }
        }
        groupsCommitted.add(1, ordering: .relaxed)
        for job in group { job.done.signal() }
    }
}
