import Booking
import Foundation
import GRDB
import KoppelCore
import KoppelStore
import Testing

/// A stored order version whose bytes cannot be read back: that order stops with an error that
/// says so, nothing is booked from it, and the other orders are booked as usual.
@Suite(.serialized)
struct UnreadablePayloadBookingTests {
    @Test func aDamagedStoredOrderStopsThatOrderAndBooksNothing() throws {
        let setup = try BookingJobTests.Setup()
        try setup.push(1)
        try setup.push(3)
        let damaged = try #require(try setup.database.orders(license: setup.connection.licenseKey).first { $0.orderReference == "1" })
        // The zstd frame after the format byte loses its last bytes (its checksum among them).
        try setup.database.pool.write { db in
            try db.execute(
                sql: "UPDATE order_version SET payload = substr(payload, 1, length(payload) - 6) WHERE order_id = ?",
                arguments: [damaged.id])
            #expect(try String.fetchOne(db, sql: "SELECT typeof(payload) FROM order_version WHERE order_id = ?", arguments: [damaged.id]) == "blob")
        }

        let report = try setup.job.run(setup.connection)
        #expect(report.errors == 1)
        #expect(report.booked == 1)
        #expect(try setup.state(ofShopOrder: 3) == .booked)
        #expect(try setup.state(ofShopOrder: 1) == .error)
        #expect(try setup.invoices(order: 1) == 0)
        let flow = try #require(try setup.database.orderFlow(id: damaged.id))
        guard case .error(let problem) = flow.phase else {
            Issue.record("not stopped: \(flow.phase)")
            return
        }
        #expect(problem.code == .unreadablePayload)
        #expect(problem.message.hasPrefix("koppel's stored copy of this order could not be read: "), "\(problem.message)")
        let events = try setup.database.bookingEvents(orderID: damaged.id)
        #expect(events.filter { $0.detail.hasPrefix("stored order version 1 unreadable") }.count == 1, "\(events)")

        // The nightly look at every unbooked order finds it stopped already: no second event.
        let nightly = try setup.job.run(setup.connection, recheckAll: true)
        #expect(nightly.errors == 1)
        #expect(try setup.database.bookingEvents(orderID: damaged.id).count == events.count)
        #expect(try setup.invoices(order: 1) == 0)
    }
}
