import ArgumentParser
import Dispatch
import Foundation
import KoppelCore
import KoppelStore
import OpenCart
import StrictJSON

/// Helpers for scripts/bench-push: requests signed ahead of time (so that the load generator
/// spends nothing on signing) and a store filled with orders (to measure a large database).
struct KoppelBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "koppel-bench", abstract: "Prepare push benchmarks.",
        subcommands: [
            Sign.self, Shops.self, Seed.self, Stages.self, BookingRun.self, ReconcileSeed.self, ReconcileChange.self, ReadPages.self, MinoxReconcileSeed.self,
            MinoxReadPages.self, FactuursturenReconcileSeed.self, FactuursturenReadPages.self, BacklogSettings.self, BacklogRun.self,
            StoredPayloadRun.self, StoreWritesRun.self,
        ])

    /// The real OpenCart 3 order 1 with another id: a realistic 2 KB push.
    static func sampleOrder(id: Int64, fixture: String) throws -> PushedOrder {
        var order = try JSONDecoder().decode(OrderRows.self, from: Data(contentsOf: URL(fileURLWithPath: fixture))).pushedOrder()
        order.orderID = id
        return order
    }

    struct Sign: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write distinct signed push requests, one a line: timestamp, license, signature, path, body (tab-separated).")

        @Option(help: "License key; repeated, the requests go to each in turn (nginx limits requests per license key).")
        var license: [String]
        @Option(help: "File holding the API key.") var apiKeyFile: String
        @Option(help: "An OpenCart order export to copy.") var fixture: String
        @Option var count = 100_000
        @Option(help: "First order id.") var firstID: Int64 = 1
        @Option var out: String
        @Option(help: "Requests signed a second: a shop signs a push when it sends it, so the timestamps advance with the load.")
        var perSecond = 10_000

        func run() throws {
            let apiKey = try String(contentsOfFile: apiKeyFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.withoutEscapingSlashes]
            let start = Int64(Date().timeIntervalSince1970)
            guard FileManager.default.createFile(atPath: out, contents: nil), let file = FileHandle(forWritingAtPath: out) else {
                throw ValidationError("cannot write \(out)")
            }
            defer { try? file.close() }
            var template = try sampleOrder(id: firstID, fixture: fixture)
            var buffer = Data()
            guard !license.isEmpty else { throw ValidationError("at least one --license") }
            for offset in 0..<Int64(count) {
                // Each shop numbers its own orders, one after the other, as OpenCart does: shop
                // k's n-th request carries order firstID + n. (Numbering across all shops in
                // turn made each shop's numbers 1,000 apart, and their text spread over the whole
                // of the shop's part of the order reference index.)
                template.orderID = firstID + offset / Int64(license.count)
                // Never more than 300 s ahead, or koppel refuses the request as stale.
                let timestamp = String(start + min(offset / Int64(max(perSecond, 1)), 240))
                let body = try encoder.encode(OrderBatch(orders: [template]))
                // The shops share one API key here, and several push the same order number in the
                // same second: `?n=` keeps their signatures apart, as docs/protocol.md says.
                let path = "/api/v1/orders?n=\(offset)"
                let signature = RequestSignature.sign(apiKey: apiKey, timestamp: timestamp, method: "POST", path: path, body: body)
                let license = license[Int(offset) % license.count]
                buffer.append(Data("\(timestamp)\t\(license)\t\(signature)\t\(path)\t".utf8))
                buffer.append(body)
                buffer.append(0x0a)
                if buffer.count > 1 << 20 {
                    file.write(buffer)
                    buffer.removeAll(keepingCapacity: true)
                }
            }
            file.write(buffer)
        }
    }

    struct Seed: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Store many orders for a connection, directly in the database.")

        @Option var database: String
        @Option var license: String
        @Option var fixture: String
        @Option var count = 1_000_000
        @Option(help: "First order id.") var firstID: Int64 = 1

        func run() throws {
            let store = try KoppelDatabase(path: database)
            guard let connection = try store.connection(license: license) else { throw ValidationError("unknown license") }
            var order = try sampleOrder(id: firstID, fixture: fixture)
            let batchSize = 10_000
            let started = Date()
            for start in stride(from: 0, to: count, by: batchSize) {
                let orders = try (start..<min(start + batchSize, count)).map { offset -> IncomingOrder in
                    order.orderID = firstID + Int64(offset)
                    return try order.incoming()
                }
                var random = SystemRandomNumberGenerator()
                let signature = AcceptedSignature(bytes: Data((0..<32).map { _ in UInt8.random(in: 2...255, using: &random) }), expiresAt: 0)
                _ = try store.storeOrders(orders, connectionID: connection.id, signature: signature, now: Int64(Date().timeIntervalSince1970))
            }
            print("seeded \(count) orders in \(Int(Date().timeIntervalSince(started))) s")
        }
    }

    struct Stages: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Time the stages of one push in-process (µs per order).")

        @Option var fixture: String
        @Option var count = 5_000

        func run() throws {
            let encoder = JSONEncoder()
            let bodies = try (0..<count).map { try encoder.encode(OrderBatch(orders: [try sampleOrder(id: Int64($0 + 1), fixture: fixture)])) }
            func time(_ name: String, _ work: () throws -> Void) rethrows -> Double {
                let start = DispatchTime.now().uptimeNanoseconds
                try work()
                let micros = Double(DispatchTime.now().uptimeNanoseconds - start) / 1000 / Double(count)
                print(name.padding(toLength: 40, withPad: " ", startingAt: 0), String(format: "%8.1f µs", micros))
                return micros
            }
            // Before: Foundation's JSONDecoder and JSONEncoder through the Codable types.
            var batches: [OrderBatch] = []
            let check = try time("strict JSON check") { for body in bodies { try StrictJSON.validate(body) } }
            let decode = try time("decode (JSONDecoder)") { batches = try bodies.map { try JSONDecoder().decode(OrderBatch.self, from: $0) } }
            let validate = try time("validate") { for batch in batches { try batch.validate() } }
            var incoming: [IncomingOrder] = []
            let encode = try time("canonical form + digest (JSONEncoder)") {
                // What `incoming()` did before it had the writer.
                incoming = try batches.map { batch in
                    let order = batch.orders[0]
                    return IncomingOrder(
                        orderReference: order.orderReference, storeID: order.storeID, status: String(order.orderStatusID),
                        total: try Amount(parsing: order.total), currencyCode: order.currency.code, dateAdded: order.dateAdded,
                        canonicalJSON: try order.referenceCanonicalJSON())
                }
            }
            // After: the one-pass reader and the canonical writer.
            var read: [OrderBatch] = []
            let checkAndRead = try time("strict JSON check + read (one pass)") { read = try bodies.map { try PushDecoding.unvalidatedOrderBatch(from: $0) } }
            let write = try time("canonical form + digest (writer)") { incoming = try read.map { try $0.orders[0].incoming() } }
            let before = check + decode + validate + encode
            let after = checkAndRead + validate + write
            print(String(format: "check, read, validate, canonical form: %.1f µs before, %.1f µs after (%.1f×)", before, after, before / after))
            _ = time("signature check") {
                for body in bodies { _ = RequestSignature.isValid(header: "v1=00", apiKey: "abcdefghijklmno", timestamp: "1", method: "POST", path: "/api/v1/orders", body: body) }
            }
            try perMebibyte(batches.prefix(OrderBatch.maximumCount).map { $0.orders[0] })
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("koppel-stages-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: folder) }
            let store = try KoppelDatabase(path: folder.appendingPathComponent("s.sqlite").path)
            let connection = try store.addConnection(name: "s", shop: .opencart, ledger: .moneybird, now: 1)
            _ = try time("store (one transaction each)") {
                for (index, order) in incoming.enumerated() {
                    _ = try store.storeOrders([order], connectionID: connection.id, signature: AcceptedSignature(bytes: Data("s\(index)".utf8), expiresAt: 9), now: 1)
                }
            }
        }
    }
}

/// The strict JSON check against the decoder on the largest batch, in ms per MiB of body: the
/// check runs on every push body, up to 8 MiB.
func perMebibyte(_ orders: [PushedOrder]) throws {
    let body = try JSONEncoder().encode(OrderBatch(orders: orders))
    let mebibytes = Double(body.count) / 1_048_576
    func milliseconds(_ work: () throws -> Void) rethrows -> Double {
        var best = Double.infinity
        for _ in 0..<5 {
            let start = DispatchTime.now().uptimeNanoseconds
            try work()
            best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 1_000_000)
        }
        return best
    }
    let check = try milliseconds { try StrictJSON.validate(body) }
    let decode = try milliseconds { _ = try JSONDecoder().decode(OrderBatch.self, from: body) }
    print(String(
        format: "batch of %d orders, %.2f MiB: strict JSON check %.2f ms/MiB, decode %.2f ms/MiB (check/decode %.3f)",
        orders.count, mebibytes, check / mebibytes, decode / mebibytes, check / decode))

    // The key check's worst case: one object of distinct keys, as large as a body may be
    // (PushAPI.defaultBodyLimit, 8 MiB).
    var members: [String] = []
    var length = 2
    while length < 8 * 1024 * 1024 {
        members.append("\"k\(members.count)\":0")
        length += members[members.count - 1].utf8.count + 1
    }
    let keys = Data(("{" + members.joined(separator: ",") + "}").utf8)
    let keysCheck = try milliseconds { try StrictJSON.validate(keys) }
    let keysMebibytes = Double(keys.count) / 1_048_576
    print(String(
        format: "one object of %d keys, %.2f MiB: strict JSON check %.2f ms/MiB",
        members.count, keysMebibytes, keysCheck / keysMebibytes))
}

KoppelBench.main()
