import Foundation
import KoppelCore
import KoppelStore
import OpenCart
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// `koppel sync` as a process: killed with SIGKILL at random moments, also while the sandbox commits bookings
/// and then drops the reply: after restarts, every order is in the ledger exactly once.
@Suite(.serialized)
struct CrashTests {
    @Test func killedAtRandomMomentsEveryOrderIsBookedExactlyOnce() throws {
        let orders = 1000
        let setup = try BookingJobTests.Setup(sandboxArguments: ["--rate-limit", "1000000", "--latency-ms", "1"])
        let rows = try JSONDecoder().decode(
            OrderRows.self, from: Data(contentsOf: MoneybirdLedgerTests.fixtures.appendingPathComponent("opencart3-order-3.json")))
        var order = try rows.pushedOrder()
        for start in stride(from: 1, through: orders, by: 250) {
            let batch = try (start..<start + 250).map { id -> IncomingOrder in
                order.orderID = Int64(id)
                return try order.incoming()
            }
            _ = try setup.database.storeOrders(
                batch, connectionID: setup.connection.id, signature: AcceptedSignature(bytes: Data(UUID().uuidString.utf8), expiresAt: 9),
                now: 1)
        }
        try setup.sandbox.faults(#"{"commit_then_drop_rate": 0.02}"#)

        var generator = SystemRandomNumberGenerator()
        for _ in 1...20 {
            let sync = try startSync(setup)
            usleep(UInt32.random(in: 30_000...400_000, using: &generator))
            kill(sync.processIdentifier, SIGKILL)
            sync.waitUntilExit()
            #expect(sync.terminationReason == .uncaughtSignal)
        }

        // Let it finish: waiting orders come due after their backoff (5 s, then 10 s, ...).
        try setup.sandbox.faults(#"{"commit_then_drop_rate": 0}"#)
        var booked = 0
        for _ in 0..<20 {
            let sync = try startSync(setup)
            sync.waitUntilExit()
            booked = try setup.database.orders(license: setup.connection.licenseKey, state: .booked, limit: 10_000).count
            if booked == orders { break }
            sleep(3)
        }
        #expect(booked == orders)
        // In the ledger: one invoice per order, each paid (order 3 is Shipped), paid exactly once.
        let invoices = try LedgerReadBack(sandbox: setup.sandbox).invoices()
        #expect(invoices.count == orders)
        #expect(Set(invoices.map(\.reference)).count == orders)
        let twice = Dictionary(grouping: invoices, by: \.reference).filter { $0.value.count > 1 }
        #expect(twice.isEmpty, "booked twice: \(twice.keys.sorted().prefix(10))")
        let unpaid = invoices.filter { $0.state != "paid" }
        #expect(unpaid.isEmpty, "not paid: \(unpaid.prefix(5).map { "\($0.reference) \($0.state)" })")
        let wrongPayments = invoices.filter { $0.payments != [$0.total] }
        #expect(wrongPayments.isEmpty, "payments: \(wrongPayments.prefix(5).map { "\($0.reference) \($0.payments) of \($0.total)" })")
        print("crash test: \(orders) paid orders, \(invoices.count) invoices, \(invoices.count - unpaid.count) paid, \(wrongPayments.count) with other payments")
    }

    @Test func theWorkerBooksAPushedOrderWithinSeconds() throws {
        let setup = try BookingJobTests.Setup()
        let worker = try startSync(setup, follow: true)
        defer {
            worker.terminate()
            worker.waitUntilExit()
        }
        try setup.push(3)
        var state: OrderState?
        for _ in 0..<50 where state != .booked {
            usleep(100_000)
            state = try setup.state(ofShopOrder: 3)
        }
        #expect(state == .booked)
        #expect(try setup.invoices(order: 3) == 1)
    }

    func startSync(_ setup: BookingJobTests.Setup, follow: Bool = false) throws -> Process {
        let process = Process()
        process.executableURL = SandboxServer.binaries.appendingPathComponent("koppel")
        process.arguments = ["sync", "--database", setup.databasePath, "--master-key", setup.masterKeyPath] + (follow ? ["--follow", "1"] : [])
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }
}
