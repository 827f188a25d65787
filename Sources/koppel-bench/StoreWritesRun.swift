import ArgumentParser
import Dispatch
import Foundation
import GRDB
import KoppelCore
import KoppelStore
import OpenCart

/// The push path's writes alone, without nginx and FastCGI: orders stored one a request through
/// `storeOrders` from many threads at once (so GroupCommit groups them as under load), first in
/// an empty database, then again once many orders are stored. Prints per order the bytes written
/// and read through the file system (WAL, checkpoints, page reads; from /proc/self/io) and the
/// process's CPU time: figures that, unlike requests a second on a shared machine, hardly move
/// from run to run.
struct StoreWritesRun: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "store-writes", abstract: "Bytes written and read and CPU per stored order, empty and with many orders stored.")

    @Option(help: "An OpenCart order export to copy.") var fixture: String
    @Option(help: "Orders measured at each size.") var count = 20_000
    @Option(help: "Orders stored before the second measurement.") var stored = 500_000
    @Option(help: "Signatures accepted within the last 300 s before the second measurement (replays are refused for that long): 1,000,000 is a window at 3,300 pushes a second.")
    var signatures = 1_000_000
    @Option(help: "Shops the orders come from, in turn.") var shops = 1_000
    @Option(help: "Threads storing at once (the FastCGI threads with a request).") var threads = 32
    @Option(help: "Database file (removed first); a temporary folder by default.") var database: String?

    func run() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("koppel-store-writes-\(UUID().uuidString)")
        let path = database ?? folder.appendingPathComponent("koppel.sqlite").path
        defer { if database == nil { try? FileManager.default.removeItem(at: folder) } }
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }

        let store = try KoppelDatabase(path: path)
        let now = Int64(Date().timeIntervalSince1970)
        let connections = try (1...shops).map { try store.addConnection(name: "Shop \($0)", shop: .opencart, ledger: .moneybird, now: now).id }
        let template = try KoppelBench.sampleOrder(id: 1, fixture: fixture)
        var nextID: Int64 = 1

        func measure(_ label: String) throws {
            let firstID = nextID
            nextID += Int64(count)
            let before = try Usage.now()
            let commitsBefore = store.pushCommits
            let started = ContinuousClock.now
            let failures = StoreFailures()
            // Threads of their own, as koppel-fcgi's: `concurrentPerform` ran two or three
            // iterations at once on two cores, so a commit held a few orders instead of the
            // many that share one under load.
            onThreads(threads) { thread in
                var order = template
                var random = SystemRandomNumberGenerator()
                for offset in stride(from: thread, to: count, by: threads) {
                    do {
                        // Each shop numbers its orders one after the other, as OpenCart does.
                        order.orderID = firstID + Int64(offset / connections.count)
                        // Signed when sent, as shops do: the timestamps follow the clock.
                        let signedAt = Int64(Date().timeIntervalSince1970)
                        let signature = AcceptedSignature(
                            bytes: Data((0..<64).map { _ in UInt8.random(in: 0x30...0x39, using: &random) }), expiresAt: signedAt + 301)
                        _ = try store.storeOrders(
                            [try order.incoming()], connectionID: connections[offset % connections.count], signature: signature,
                            now: signedAt)
                    } catch {
                        failures.record(error)
                    }
                }
            }
            if let failure = failures.first { throw failure }
            let after = try Usage.now()
            let elapsed = ContinuousClock.now - started
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            let orders = Double(count)
            // Orders a second by the wall clock: the most the store takes on this machine with
            // nothing in front of it (no nginx, no FastCGI, no decoding), whatever else runs.
            print(String(format: "%@: %6.0f bytes written, %6.0f read, %6.1f µs CPU (user %5.1f, system %5.1f) per order; %6.0f orders/s, %5.1f a commit",
                label.padding(toLength: 42, withPad: " ", startingAt: 0),
                Double(after.written - before.written) / orders, Double(after.read - before.read) / orders,
                (after.user + after.system - before.user - before.system) / orders,
                (after.user - before.user) / orders, (after.system - before.system) / orders, orders / seconds,
                orders / Double(max(1, store.pushCommits - commitsBefore))))
        }

        try measure("empty store")
        // Filled in large transactions, one shop at a time, as the stores of years of pushes are.
        var order = template
        let perShop = max(1, stored / shops)
        for connection in connections {
            let orders = try (0..<perShop).map { _ -> IncomingOrder in
                order.orderID = nextID
                nextID += 1
                return try order.incoming()
            }
            var random = SystemRandomNumberGenerator()
            let signature = AcceptedSignature(
                bytes: Data((0..<64).map { _ in UInt8.random(in: 0x30...0x39, using: &random) }), expiresAt: now + 301)
            _ = try store.storeOrders(orders, connectionID: connection, signature: signature, now: now)
        }
        // The signatures of the last 300 s of pushes, expiring over the next 300 s.
        try store.pool.write { db in
            var random = SystemRandomNumberGenerator()
            let insert = try db.makeStatement(sql: "INSERT INTO accepted_signature (signature, expires_at) VALUES (?, ?)")
            for index in 0..<signatures {
                let bytes = Data((0..<64).map { _ in UInt8.random(in: 0x30...0x39, using: &random) })
                try insert.execute(arguments: [bytes, now + 1 + Int64(index * 300 / max(signatures, 1))])
            }
        }
        try measure("\(perShop * shops) stored, \(signatures) signatures")
    }
}

/// Runs `body(0..<count)` on `count` threads at once and returns when all have finished.
private func onThreads(_ count: Int, _ body: @escaping @Sendable (Int) -> Void) {
    let finished = DispatchGroup()
    for index in 0..<count {
        finished.enter()
        let thread = Thread {
            body(index)
            finished.leave()
        }
        thread.stackSize = 1 << 20
        thread.start()
    }
    finished.wait()
}

/// The first error of the storing threads.
private final class StoreFailures: @unchecked Sendable {
    private let lock = NSLock()
    private var errors: [any Error] = []

    func record(_ error: any Error) {
        lock.lock()
        errors.append(error)
        lock.unlock()
    }

    var first: (any Error)? {
        lock.lock()
        defer { lock.unlock() }
        return errors.first
    }
}

/// This process's file system traffic (/proc/self/io: rchar and wchar, the bytes passed to read
/// and write calls, page cache or not) and CPU time in µs.
private struct Usage {
    var read: Int64
    var written: Int64
    var user: Double
    var system: Double

    static func now() throws -> Usage {
        let io = try String(contentsOfFile: "/proc/self/io", encoding: .utf8)
        func field(_ name: String) throws -> Int64 {
            guard let line = io.split(separator: "\n").first(where: { $0.hasPrefix(name + ":") }),
                let value = Int64(line.split(separator: " ").last ?? "")
            else { throw ValidationError("no \(name) in /proc/self/io") }
            return value
        }
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        func micros(_ time: timeval) -> Double { Double(time.tv_sec) * 1_000_000 + Double(time.tv_usec) }
        return Usage(
            read: try field("rchar"), written: try field("wchar"), user: micros(usage.ru_utime), system: micros(usage.ru_stime))
    }
}
