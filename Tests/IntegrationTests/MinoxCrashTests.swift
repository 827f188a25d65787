import Foundation
import GRDB
import KoppelCore
import KoppelHTTP
import KoppelStore
import OpenCart
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Exactly once into Minox when `koppel sync` is killed with SIGKILL at random moments while Minox
/// also stores some entries and then drops the answer: after restarts, every order is one journal
/// entry, whatever step each kill interrupted (the customer look-up, its creation, the PUT).
@Suite(.serialized)
struct MinoxCrashTests {
    @Test func killedAtRandomMomentsEveryOrderIsOneEntry() throws {
        let orders = 200
        // No rate limit: this is about kills and lost answers, not pacing.
        let sandbox = try MinoxSandboxProcess(arguments: ["--rate-limit", "1000000", "--latency-ms", "1"])
        let stack = try MinoxThroughNginxTests.connectedStack(sandbox)
        let connection = try #require(try stack.database.connection(license: stack.license))
        var order = try JSONDecoder().decode(
            OrderRows.self, from: Data(contentsOf: Samples.folder.appendingPathComponent("opencart3-order-3.json"))
        ).pushedOrder()
        let batch = try (1000..<1000 + orders).map { id -> IncomingOrder in
            order.orderID = Int64(id)
            return try order.incoming()
        }
        _ = try stack.database.storeOrders(
            batch, connectionID: connection.id, signature: AcceptedSignature(bytes: Data(UUID().uuidString.utf8), expiresAt: 9),
            now: 1)
        let faults = #"{"commit_then_drop_rate": 0.05}"#
        #expect(try sandbox.call("POST", "\(sandbox.baseURL)/sandbox/faults", json: faults, authorized: false).status == 200)

        // Each kill falls while orders are being booked, whatever the machine's speed: after the run
        // has booked at least 10 more, at a random moment a few milliseconds later.
        func bookedCount() throws -> Int {
            try stack.database.pool.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM booked_document") ?? 0 }
        }
        var generator = SystemRandomNumberGenerator()
        var kills = 0
        for _ in 1...15 {
            let before = try bookedCount()
            let sync = Process()
            sync.executableURL = Stack.binaries.appendingPathComponent("koppel")
            sync.arguments = ["sync"]
            sync.environment = ProcessInfo.processInfo.environment.merging(stack.environment) { _, new in new }
            sync.standardOutput = FileHandle.nullDevice
            sync.standardError = FileHandle.nullDevice
            try sync.run()
            let deadline = Date().addingTimeInterval(60)
            while sync.isRunning, try bookedCount() < before + 10, Date() < deadline { usleep(2_000) }
            usleep(UInt32.random(in: 0...20_000, using: &generator))
            kill(sync.processIdentifier, SIGKILL)
            sync.waitUntilExit()
            if sync.terminationReason == .uncaughtSignal { kills += 1 }
        }
        let bookedWhileKilled = try bookedCount()
        #expect(kills >= 10, "runs killed mid-way: \(kills) of 15")

        let clean = #"{"commit_then_drop_rate": 0}"#
        #expect(try sandbox.call("POST", "\(sandbox.baseURL)/sandbox/faults", json: clean, authorized: false).status == 200)
        let booked = orders + MinoxThroughNginxTests.booked.count
        _ = try MinoxThroughNginxTests.syncUntilBooked(stack, orders: booked, clean: false)
        let entries = try sandbox.entries(year: try MinoxThroughNginxTests.year())
        let descriptions = entries.values.map(\.description)
        let twice = Dictionary(grouping: descriptions, by: { $0 }).filter { $0.value.count > 1 }.keys.sorted()
        #expect(twice.isEmpty, "booked twice: \(twice.prefix(10))")
        #expect(entries.count == booked, "entries: \(entries.count), orders: \(booked)")
        // Every entry to the cent as the shop charged (the copies are order 3, whose figures equal order 1's).
        let expected = try MinoxThroughNginxTests.expected(stack)
        let wrong = entries.values.filter { entry in !expected.contains { $0.gross == entry.gross && $0.vatByCode == entry.vatByCode } }
        #expect(wrong.isEmpty, "\(wrong.prefix(3))")
        print(
            "Minox crash test: \(orders) orders, \(kills) kills (\(bookedWhileKilled) booked meanwhile), 5% lost answers: "
                + "\(entries.count) entries, \(twice.count) twice")
    }
}
