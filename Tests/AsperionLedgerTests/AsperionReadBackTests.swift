import Asperion
import Foundation
import KoppelCore
import Ledger
import Testing

/// Every OpenCart fixture order Asperion takes, delivered in one day file, imported by the sandbox
/// and read back over `/v1`: the figures are the booking documents', to the cent.
struct AsperionReadBackTests {
    @Test func theImportedInvoicesReadBackAsTheBookings() throws {
        let fixture = try AsperionLedgerFixture()
        let bookings = try AsperionLedgerFixture.fixtureBookings()
        #expect(bookings.count >= 30)
        let ledger = try fixture.ledger()
        var ids: Set<String> = []
        for booking in bookings { ids.insert(try ledger.create(booking, idempotencyKey: booking.document.reference).id) }
        #expect(ids.count == bookings.count)
        #expect(Set(ids.map { $0.prefix(10) }) == ["2026-12-03"])
        fixture.at("2026-12-04T02:00:00Z")
        let first = try #require(bookings.first)
        try ledger.perform(.send, on: LedgerDocumentReference(id: "2026-12-03/\(first.document.reference)", gross: nil), for: first)
        let report = try fixture.sandbox.report("2026-12-03.xml")
        #expect(report["imported"] as? Int == bookings.count, "\(report)")

        var read: [String: LedgerBooking] = [:]
        try ledger.bookings(in: DatePeriod(first: "2000-01-01", last: "2099-12-31")) { read[$0.reference] = $0 }
        #expect(read.count == bookings.count)
        for booking in bookings {
            let document = booking.document
            let found = try #require(read[document.reference], "\(document.reference)")
            #expect(found.gross == document.grossTotal, "\(document.reference)")
            #expect(found.net == document.netTotal + document.paymentTotal, "\(document.reference)")
            #expect(found.date == document.orderDate, "\(document.reference)")
            #expect(found.vatByCode == Self.vatByClass(document), "\(document.reference)")
        }
        // Only the period's invoices, and one found by its order number.
        let day = try #require(bookings.map(\.document.orderDate).min())
        var inDay = 0
        try ledger.bookings(in: DatePeriod(first: day, last: day)) { booking in
            #expect(booking.date == day)
            inDay += 1
        }
        #expect(inDay == bookings.filter { $0.document.orderDate == day }.count)
        #expect(try ledger.findBooking(reference: first.document.reference)?.gross == first.document.grossTotal)
        #expect(try ledger.findBooking(reference: "no-such-order") == nil)
    }

    /// The shop's VAT per rate, summed by Asperion's class.
    static func vatByClass(_ document: BookingDocument) -> [String: Cents] {
        var expected: [String: Cents] = [:]
        for total in document.vatTotals {
            let code = total.rate.kind == .standard ? "high" : total.rate.kind == .reduced ? "low" : "zero"
            expected[code, default: .zero] += total.vat
        }
        return expected.filter { !$0.value.isZero }
    }
}
