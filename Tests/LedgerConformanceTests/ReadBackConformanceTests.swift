import Foundation
import KoppelCore
import Ledger
import Testing

/// 1. The shared fixture documents, booked through each ledger's adapter into its sandbox, read back
/// equal to the cent by `findBooking` and by the period read-back `bookings(in:)`. A deferred ledger
/// (Asperion) is read back once its day's file is delivered and imported: its document is then the
/// ledger's own (a concept invoice), not the outbox entry koppel made.
@Suite struct ReadBackConformanceTests {
    @Test(arguments: LedgerUnderTest.all, ConformanceFixture.all)
    func aFixtureDocumentReadsBackToTheCent(ledger: LedgerUnderTest, fixture: ConformanceFixture) throws {
        let sandbox = try ledger.startSandbox()
        let connected = try ledger.connect(sandbox)
        let booking = try connected.prepared(fixture)
        let context = "\(ledger.name) \(fixture.name)"
        let status = try connected.book(booking, idempotencyKey: "conformance-\(fixture.file)")
        #expect(status.gross == booking.document.grossTotal, "\(context)")

        let found = try #require(try connected.ledger.findBooking(reference: booking.document.reference), "\(context)")
        // A deferred ledger's id is the outbox entry's ("YYYY-MM-DD/order"); the invoice has its own.
        if !ledger.isDeferred { #expect(found.id == status.id, "\(context)") }
        expectReadBack(found, equals: booking, context)
        // Paid where the ledger registers the payment (Moneybird); open where payments come from the bank (Minox).
        let registersPayment = connected.ledger.steps(for: booking).contains(.registerPayment)
        if ledger.readBackTellsPayment {
            #expect(found.payment?.isPaid == registersPayment, "\(context): \(String(describing: found.payment))")
        }

        let period = try connected.readBack(booking.document.reference, on: booking.document.orderDate)
        #expect(period.count == 1, "\(context): \(period.count) bookings in the period read-back")
        for entry in period { #expect(entry == found, "\(context)") }
    }

    /// Every fixture in one administration (the customers return): the period read-back holds each
    /// exactly once, as its document says; the requests per booking are the figure for docs/ledgers.md.
    @Test(arguments: LedgerUnderTest.all)
    func thePeriodReadBackHoldsEveryFixtureOnce(ledger: LedgerUnderTest) throws {
        let sandbox = try ledger.startSandbox()
        let connected = try ledger.connect(sandbox)
        var booked: [String: PreparedBooking] = [:]
        let before = connected.ledger.requestCount
        for fixture in ConformanceFixture.all {
            let booking = try connected.prepared(fixture)
            try connected.book(booking, idempotencyKey: "period-\(fixture.file)")
            booked[booking.document.reference] = booking
        }
        let bookingRequests = connected.ledger.requestCount - before
        let days = booked.values.map(\.document.orderDate).sorted()
        let period = DatePeriod(first: try #require(days.first), last: try #require(days.last))

        let readStart = connected.ledger.requestCount
        var read: [String: [LedgerBooking]] = [:]
        try connected.ledger.bookings(in: period) { read[$0.reference, default: []].append($0) }
        let readRequests = connected.ledger.requestCount - readStart
        #expect(Set(read.keys) == Set(booked.keys), "\(ledger.name)")
        for (reference, booking) in booked {
            let found = read[reference] ?? []
            #expect(found.count == 1, "\(ledger.name) \(reference): \(found.count) bookings")
            if let first = found.first { expectReadBack(first, equals: booking, "\(ledger.name) \(reference)") }
        }
        var outside = 0
        try connected.ledger.bookings(in: DatePeriod(first: "2025-01-01", last: "2025-01-31")) { _ in outside += 1 }
        #expect(outside == 0, "\(ledger.name)")
        let perBooking = Double(bookingRequests) / Double(booked.count)
        print(String(
            format: "conformance %@: %d bookings in %d requests (%.2f per booking, steps %@), period read-back in %d requests",
            ledger.name, booked.count, bookingRequests, perBooking,
            connected.ledger.steps(for: try #require(booked.values.first)).map(\.rawValue).joined(separator: "+"), readRequests))
    }
}
