
#if canImport(Glibc)
import Foundation
import Glibc
import KoppelCore
import KoppelStore
import OpenCart
import Testing
import TestSupport
#endif

/// `koppel sync --follow` as a process: the booking worker. Exactly once under SIGKILL is checked for
/// every ledger by Tests/LedgerConformanceTests (ExactlyOnceConformanceTests).
@Suite(.serialized)
struct BookingWorkerTests {
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
        process.executableURL = TestBinaries.url(of: "koppel")
        process.arguments = ["sync", "--database", setup.databasePath, "--master-key", setup.masterKeyPath] + (follow ? ["--follow", "1"] : [])
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }
}
