import Booking
import Foundation
import GRDB
import KoppelCore
import KoppelStore
import Ledger
import Logging
import OpenCart
import Testing
import TestSupport

/// `koppel sync` with connections that fail: the others are booked, the failures are reported and
/// recorded, and the exit status tells monitoring.
@Suite(.serialized)
struct SyncIsolationTests {
    @Test func aConnectionThatFailsDoesNotStopTheOthersAndTheExitStatusSaysSo() throws {
        let setup = try BookingJobTests.Setup()
        // A second shop, configured and pushing, whose ledger was never connected; it comes first
        // (lowest id), so it must not keep the working one from booking.
        let added = try setup.database.addConnection(name: "Kapot", shop: .opencart, ledger: .moneybird, now: 1)
        try setup.database.pool.write { db in try db.execute(sql: "UPDATE connection SET id = 0 WHERE id = ?", arguments: [added.id]) }
        let broken = try #require(try setup.database.connection(license: added.licenseKey))
        #expect(broken.id < setup.connection.id)
        _ = try setup.database.setAPIKey("Shop!Key#For(Tests)=2", license: broken.licenseKey, sealer: setup.sealer, now: 1)
        let settings = try #require(try setup.database.latestSettings(connectionID: setup.connection.id))
        _ = try setup.database.storeSettings(
            canonicalJSON: Data(settings.utf8), connectionID: broken.id,
            signature: AcceptedSignature(bytes: Data(UUID().uuidString.utf8), expiresAt: 9), now: 1)
        try setup.database.setBookingConfiguration(BookingConfiguration(bookedStatusIDs: [2, 3, 5]), connectionID: broken.id, now: 1)
        try setup.push(3)

        let sync = try run(setup, ["sync"])
        #expect(sync.status == 1)
        #expect(sync.output.contains("sync: 2 connections, 1 failed; booked 1"), "\(sync.output)")
        #expect(sync.errors.contains("Kapot (\(broken.licenseKey)): sync failed: the ledger is not connected yet"), "\(sync.errors)")
        #expect(try setup.state(ofShopOrder: 3) == .booked)
        #expect(try setup.invoices(order: 3) == 1)
        #expect(try setup.database.lastRuns(connectionID: broken.id).first?.problem?.contains("not connected") == true)
        #expect(try setup.database.lastRuns(connectionID: setup.connection.id).first.map { $0.problem == nil } == true)

        let list = try run(setup, ["connection", "list"])
        #expect(list.output.contains("sync failed"), "\(list.output)")

        // With only the working connection, everything went well: exit 0.
        let alone = try run(setup, ["sync", "--connection", setup.connection.licenseKey])
        #expect(alone.status == 0, "\(alone.output) \(alone.errors)")
        #expect(alone.output.contains("sync: 1 connections, 0 failed"), "\(alone.output)")
    }

    @Test func anUnreadableStoredStateStopsThatOrderLoudlyAndIsLookedUpWhenReprocessed() throws {
        let setup = try BookingJobTests.Setup()
        try setup.push(1)
        try setup.push(3)
        #expect(try setup.job.run(setup.connection).booked == 2)
        let order = try #require(try setup.database.orders(license: setup.connection.licenseKey).first { $0.orderReference == "1" })
        // The stored state of a booked order is damaged; a new version arrives.
        try setup.database.pool.write { db in
            try db.execute(sql: "UPDATE shop_order SET flow = '{\"booked\":' WHERE id = ?", arguments: [order.id])
        }
        try setup.push(1, status: 5)
        let report = try setup.job.run(setup.connection)
        #expect(report.errors == 1)
        #expect(try setup.state(ofShopOrder: 1) == .error)
        #expect(try setup.invoices(order: 1) == 1)
        let flow = try #require(try setup.database.orderFlow(id: order.id))
        guard case .error(let problem) = flow.phase else { Issue.record("\(flow.phase)"); return }
        #expect(problem.code == .unreadableState)
        #expect(try setup.database.bookingEvents(orderID: order.id).contains { $0.detail.hasPrefix("stored state unreadable") })

        // Reprocessed: the ledger is asked first, finds the invoice, and nothing is booked twice.
        let reprocess = try run(setup, ["reprocess", "\(order.id)"])
        #expect(reprocess.status == 0, "\(reprocess.errors)")
        #expect(try setup.state(ofShopOrder: 1) == .booked)
        #expect(try setup.invoices(order: 1) == 1)
        #expect(try setup.database.bookingEvents(orderID: order.id).contains { $0.detail.hasPrefix("found in the ledger as") })
    }

    func run(_ setup: BookingJobTests.Setup, _ arguments: [String], input: String? = nil) throws -> (status: Int32, output: String, errors: String) {
        let process = Process()
        process.executableURL = TestBinaries.url(of: "koppel")
        process.arguments = arguments + ["--database", setup.databasePath, "--master-key", setup.masterKeyPath]
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        let stdin = Pipe()
        process.standardInput = stdin
        try process.run()
        if let input { stdin.fileHandleForWriting.write(Data(input.utf8)) }
        try stdin.fileHandleForWriting.close()
        let out = output.fileHandleForReading.readDataToEndOfFile()
        let err = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: out, as: UTF8.self), String(decoding: err, as: UTF8.self))
    }
}
