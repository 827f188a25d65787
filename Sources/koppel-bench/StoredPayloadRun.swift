import ArgumentParser
import Dispatch
import Foundation
import GRDB
import KoppelCore
import KoppelStore
import OpenCart
import Synchronization

/// What storing an order's payload compressed costs and saves (`StoredPayload`): µs per order to
/// compress and to read back, on one thread and on several at once, and bytes per order in the
/// row and in the database file, against the uncompressed JSON.
struct StoredPayloadRun: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stored-payload", abstract: "Time compressing and reading stored order payloads; bytes per order.")

    @Option(help: "An OpenCart order export to copy.") var fixture: String
    @Option(help: "Orders, each the fixture with a new id.") var count = 10_000
    @Option(help: "Threads compressing and reading at once, as the FastCGI threads do.") var threads = 4

    func run() throws {
        let orders = try (0..<count).map { try KoppelBench.sampleOrder(id: Int64(1_000_000 + $0), fixture: fixture).incoming() }
        let json = orders.map(\.canonicalJSON)

        var stored: [Data] = []
        let compress = try bestMicros { stored = try json.map(StoredPayload.encode) }
        let read = try bestMicros { for value in stored { _ = try StoredPayload.decode(value.databaseValue) } }
        let together = try concurrentMicros(json)
        print(String(format: "compress          %6.1f µs per order (CPU, one thread)", compress))
        print(String(format: "read              %6.1f µs per order (CPU, one thread)", read))
        print(String(format: "compress + read   %6.1f µs per order per thread (wall clock, %d threads at once)", together, threads))

        let raw = Double(json.map(\.count).reduce(0, +)) / Double(count)
        let compressed = Double(stored.map(\.count).reduce(0, +)) / Double(count)
        print(String(format: "payload           %6.0f bytes raw, %.0f stored (%.1f×)", raw, compressed, raw / compressed))

        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("koppel-stored-payload-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let compressedFile = try fileBytesPerOrder(orders, path: folder.appendingPathComponent("compressed.sqlite").path, asText: false)
        let textFile = try fileBytesPerOrder(orders, path: folder.appendingPathComponent("text.sqlite").path, asText: true)
        print(String(format: "database file     %6.0f bytes per order as before (TEXT), %.0f stored (%.1f×)",
            textFile, compressedFile, textFile / compressedFile))
    }

    /// The best of three rounds of `work` over every order, in µs of this thread's CPU time per
    /// order: on a shared machine the wall clock also counts the other processes.
    private func bestMicros(_ work: () throws -> Void) rethrows -> Double {
        var best = Double.infinity
        for _ in 0..<3 {
            let start = threadCPUNanoseconds()
            try work()
            best = min(best, Double(threadCPUNanoseconds() - start) / 1000 / Double(count))
        }
        return best
    }

    private func threadCPUNanoseconds() -> UInt64 {
        var now = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now)
        return UInt64(now.tv_sec) * 1_000_000_000 + UInt64(now.tv_nsec)
    }

    /// `threads` threads each compressing and reading every order back: µs per order per thread
    /// (equal to the one-thread figures when the pooled contexts do not contend).
    private func concurrentMicros(_ json: [Data]) throws -> Double {
        let failures = Mutex(0)
        let start = DispatchTime.now().uptimeNanoseconds
        DispatchQueue.concurrentPerform(iterations: threads) { _ in
            for order in json {
                do {
                    let value = try StoredPayload.encode(order)
                    _ = try StoredPayload.decode(value.databaseValue)
                } catch {
                    failures.withLock { $0 += 1 }
                }
            }
        }
        let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1000
        guard failures.withLock({ $0 }) == 0 else { throw ValidationError("a payload failed its round trip") }
        return elapsed / Double(json.count)
    }

    /// The orders stored through koppel's own path in batches, the file vacuumed, its bytes per
    /// order. `asText`: each payload then rewritten as the JSON text rows held before compression.
    private func fileBytesPerOrder(_ orders: [IncomingOrder], path: String, asText: Bool) throws -> Double {
        let store = try KoppelDatabase(path: path)
        let connection = try store.addConnection(name: "bench", shop: .opencart, ledger: .moneybird, now: 1)
        for (index, batch) in orders.chunked(into: 500).enumerated() {
            _ = try store.storeOrders(
                Array(batch), connectionID: connection.id, signature: AcceptedSignature(bytes: Data("b\(index)".utf8), expiresAt: 9), now: 1)
        }
        let file = try DatabaseQueue(path: path)
        try file.writeWithoutTransaction { db in
            if asText {
                try db.inTransaction {
                    for order in orders {
                        try db.execute(
                            sql: """
                                UPDATE order_version SET payload = ?
                                WHERE order_id = (SELECT id FROM shop_order WHERE order_reference = ?)
                                """,
                            arguments: [String(decoding: order.canonicalJSON, as: UTF8.self), order.orderReference])
                    }
                    return .commit
                }
            }
            try db.execute(sql: "VACUUM")
        }
        let bytes = try file.read { db in
            try Int.fetchOne(db, sql: "SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()") ?? 0
        }
        return Double(bytes) / Double(orders.count)
    }
}

extension Array {
    fileprivate func chunked(into size: Int) -> [ArraySlice<Element>] {
        stride(from: 0, to: count, by: size).map { self[$0..<Swift.min($0 + size, count)] }
    }
}
