import Foundation
import KoppelCore
import Ledger
import Minox
import Testing

/// A cancelled booking's reversing entry against the sandbox over HTTP: the sale's lines swapped,
/// under the uuid derived from the sale's, made once however often asked, found by one look-up,
/// and read back as the sale's credit.
extension MinoxLedgerTests {
    @Test(arguments: ["1", "3", "gift-voucher"])
    func aCreditEntryReversesTheSaleAndReadsBackAsItsCredit(_ name: String) throws {
        let sandbox = try MinoxSandboxServer()
        let ledger = try ledger(sandbox)
        let booking = try prepared(name, using: ledger)
        let sale = try ledger.create(booking, idempotencyKey: "credit-\(name)")
        let document = LedgerDocumentReference(id: sale.id, gross: sale.gross)
        #expect(try ledger.inspect(documentID: sale.id, reference: booking.document.reference, includingCredit: true)?.done == [.create])

        let creditID = try ledger.credit(document, for: booking)
        #expect(creditID == MinoxBatchID.credit(of: sale.id))
        #expect(creditID != sale.id)
        // Asked again (an answer lost): the same entry replaced, never a second.
        #expect(try ledger.credit(document, for: booking) == creditID)

        let before = ledger.requestCount
        let found = try #require(try ledger.inspect(documentID: sale.id, reference: booking.document.reference, includingCredit: true))
        #expect(ledger.requestCount == before + 1, "one GET settles a credit in doubt")
        #expect(found.done == [.create, .credit])
        #expect(found.creditID == creditID)
        #expect(found.gross == booking.document.grossTotal)

        // Without a cancellation day the credit carries the booking's date; both read back that day.
        var read: [LedgerBooking] = []
        let day = booking.document.orderDate
        try ledger.bookings(in: DatePeriod(first: day, last: day)) { read.append($0) }
        #expect(read.count == 2)
        let credit = try #require(read.first { $0.id == creditID })
        #expect(credit.creditOf == sale.id)
        #expect(credit.reference == booking.document.reference)
        #expect(credit.date == day)
        #expect(credit.gross == -booking.document.grossTotal)
        #expect(credit.vatByCode == read.first { $0.id == sale.id }?.vatByCode.mapValues { -$0 })
        #expect(try ledger.findBooking(reference: booking.document.reference)?.id == sale.id, "the sale, not its credit")
    }

    @Test func theCreditIsDatedTheDayOfTheCancellation() throws {
        let sandbox = try MinoxSandboxServer()
        let ledger = try ledger(sandbox)
        var booking = try prepared("1", using: ledger)
        let sale = try ledger.create(booking, idempotencyKey: "cancelled-later")
        booking.cancelledOn = "2026-12-04"
        let creditID = try ledger.credit(LedgerDocumentReference(id: sale.id, gross: sale.gross), for: booking)
        var december: [LedgerBooking] = []
        try ledger.bookings(in: DatePeriod(first: "2026-12-01", last: "2026-12-31")) { december.append($0) }
        #expect(december.map(\.id) == [creditID])
        #expect(december.first?.date == "2026-12-04")
        #expect(december.first?.gross == -booking.document.grossTotal)
    }
}
