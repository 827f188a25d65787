import ArgumentParser
import Foundation
import KoppelCore
import KoppelStore
import OpenCart

/// Helpers for scripts/bench-push: requests signed ahead of time (so that the load generator
/// spends nothing on signing) and a store filled with orders (to measure a large database).
struct KoppelBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "koppel-bench", abstract: "Prepare push benchmarks.", subcommands: [Sign.self, Seed.self])

    /// The real OpenCart 3 order 1 with another id: a realistic 2 KB push.
    static func sampleOrder(id: Int64, fixture: String) throws -> PushedOrder {
        var order = try JSONDecoder().decode(OrderRows.self, from: Data(contentsOf: URL(fileURLWithPath: fixture))).pushedOrder()
        order.orderID = id
        return order
    }

    struct Sign: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write distinct signed push requests, one a line: timestamp, signature, path, body (tab-separated).")

        @Option var license: String
        @Option(help: "File holding the API key.") var apiKeyFile: String
        @Option(help: "An OpenCart order export to copy.") var fixture: String
        @Option var count = 100_000
        @Option(help: "First order id.") var firstID: Int64 = 1
        @Option var out: String

        func run() throws {
            let apiKey = try String(contentsOfFile: apiKeyFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.withoutEscapingSlashes]
            let timestamp = String(Int64(Date().timeIntervalSince1970))
            guard FileManager.default.createFile(atPath: out, contents: nil), let file = FileHandle(forWritingAtPath: out) else {
                throw ValidationError("cannot write \(out)")
            }
            defer { try? file.close() }
            var template = try sampleOrder(id: firstID, fixture: fixture)
            var buffer = Data()
            for offset in 0..<Int64(count) {
                template.orderID = firstID + offset
                let body = try encoder.encode(OrderBatch(orders: [template]))
                let path = "/api/v1/orders"
                let signature = RequestSignature.sign(apiKey: apiKey, timestamp: timestamp, method: "POST", path: path, body: body)
                buffer.append(Data("\(timestamp)\t\(signature)\t\(path)\t".utf8))
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
}

KoppelBench.main()
