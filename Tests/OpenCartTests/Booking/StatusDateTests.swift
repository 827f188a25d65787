import Foundation
import Testing
@testable import OpenCart

/// The day an order got its current status (a cancellation's, for the credit entry): the newest
/// history entry with that status, else `date_modified`, as OpenCart wrote them.
struct StatusDateTests {
    func order() throws -> PushedOrder { try Fixtures.order("opencart3-order-1.json") }

    @Test func theNewestHistoryEntryWithTheCurrentStatusGivesTheDay() throws {
        var order = try order()
        order.orderStatusID = 7
        order.dateModified = "2026-11-30 09:00:00"
        order.history = (order.history ?? []) + [
            PushedHistory(orderStatusID: 7, dateAdded: "2026-11-24 23:59:59", comment: nil),
            PushedHistory(orderStatusID: 2, dateAdded: "2026-11-25 10:00:00", comment: nil),
            PushedHistory(orderStatusID: 7, dateAdded: "2026-11-26 00:00:01", comment: "again"),
        ]
        #expect(order.currentStatusDate == "2026-11-26")
    }

    @Test func withoutSuchAnEntryTheModifiedDayElseNothing() throws {
        var order = try order()
        order.orderStatusID = 7
        order.dateModified = "2026-11-27 08:00:00"
        #expect(order.currentStatusDate == "2026-11-27")
        order.history = [PushedHistory(orderStatusID: 7, dateAdded: "not a date", comment: nil)]
        order.dateModified = "0000-00-00 00:00:00"
        #expect(order.currentStatusDate == nil)
    }
}
