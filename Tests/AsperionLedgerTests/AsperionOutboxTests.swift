import Asperion
import Foundation
import KoppelCore
import Ledger
import Testing

/// The outbox against the real sandbox and real files: each order in exactly one day file, each
/// file delivered once, whatever the order of creates, sends, restarts and crashes.
@Suite(.serialized) struct AsperionOutboxTests {
    @Test func creatingTwiceIsOneOrderInOneFile() throws {
        let fixture = try AsperionLedgerFixture()
        let booking = try AsperionLedgerFixture.booking("K7X-1001")
        let first = try fixture.ledger().create(booking, idempotencyKey: "a")
        fixture.at("2026-12-03T18:00:00Z")
        let again = try fixture.ledger().create(booking, idempotencyKey: "b")
        #expect(first.id == "2026-12-03/K7X-1001")
        #expect(again.id == first.id)
        #expect(again.gross == booking.document.grossTotal)
        #expect(try fixture.files() == ["2026-12-03.orders.json"])

        // A day later the order is still the one of the 3rd, not put in the 4th's list.
        fixture.at("2026-12-04T12:00:00Z")
        #expect(try fixture.ledger().create(booking, idempotencyKey: "c").id == first.id)
        fixture.at("2026-12-04T12:00:00Z")
        try fixture.ledger().perform(.send, on: LedgerDocumentReference(id: first.id, gross: nil), for: booking)
        #expect(try fixture.orderNumbers(inFileOf: "2026-12-03") == ["K7X-1001"])
        #expect(try fixture.files() == ["2026-12-03.delivered", "2026-12-03.orders.json", "2026-12-03.xml"])
    }

    @Test func anOrderCreatedOnADeliveredDayGoesToTheNextDay() throws {
        let fixture = try AsperionLedgerFixture()
        let first = try AsperionLedgerFixture.booking("K7X-2001")
        let created = try fixture.ledger().create(first, idempotencyKey: "a")
        fixture.at("2026-12-04T02:00:00Z")
        try fixture.ledger().perform(.send, on: LedgerDocumentReference(id: created.id, gross: nil), for: first)
        #expect(try fixture.sandbox.deliveredFiles() == ["2026-12-03.xml": "imported"])

        // A run whose clock still says the 3rd (a `--now` run): the 3rd's file is gone, so the 4th.
        fixture.at("2026-12-03T23:00:00Z")
        let late = try AsperionLedgerFixture.booking("K7X-2002")
        #expect(try fixture.ledger().create(late, idempotencyKey: "b").id == "2026-12-04/K7X-2002")
        fixture.at("2026-12-05T02:00:00Z")
        try fixture.ledger().perform(.send, on: LedgerDocumentReference(id: "2026-12-04/K7X-2002", gross: nil), for: late)
        #expect(try fixture.orderNumbers(inFileOf: "2026-12-03") == ["K7X-2001"])
        #expect(try fixture.orderNumbers(inFileOf: "2026-12-04") == ["K7X-2002"])
        #expect(try fixture.sandbox.deliveredFiles() == ["2026-12-03.xml": "imported", "2026-12-04.xml": "imported"])
    }

    @Test func sendWaitsForTheRunHourThenUploadsOnce() throws {
        let fixture = try AsperionLedgerFixture()
        let booking = try AsperionLedgerFixture.booking("K7X-3001")
        let ledger = try fixture.ledger()
        let created = try ledger.create(booking, idempotencyKey: "a")
        let document = LedgerDocumentReference(id: created.id, gross: created.gross)

        fixture.at("2026-12-04T01:59:59Z")
        #expect(
            errorKind { try ledger.perform(.send, on: document, for: booking) }
                == .notYet(until: AsperionLedgerFixture.time("2026-12-04T02:00:00Z")))
        #expect(try fixture.sandbox.requests(AsperionSandbox.uploads) == 0)
        #expect(try ledger.inspect(documentID: created.id, reference: "K7X-3001", includingCredit: false)?.done == [.create])

        fixture.at("2026-12-04T02:00:00Z")
        try ledger.perform(.send, on: document, for: booking)
        #expect(try fixture.sandbox.requests(AsperionSandbox.uploads) == 1)
        try ledger.perform(.send, on: document, for: booking)
        try fixture.ledger().perform(.send, on: document, for: booking)
        #expect(try fixture.sandbox.requests(AsperionSandbox.uploads) == 1)
        let status = try fixture.ledger().inspect(documentID: nil, reference: "K7X-3001", includingCredit: false)
        #expect(status?.done == [.create, .send])
        #expect(status?.id == created.id)
        let report = try fixture.sandbox.report("2026-12-03.xml")
        #expect(report["imported"] as? Int == 1)
    }

    /// A crash after the list was written, before any upload: a fresh adapter delivers it; a
    /// crash after the upload, before the delivered mark: the same bytes again, imported once.
    @Test func aCrashAnywhereDeliversOnce() throws {
        let fixture = try AsperionLedgerFixture()
        let booking = try AsperionLedgerFixture.booking("K7X-4001")
        let created = try fixture.ledger().create(booking, idempotencyKey: "a")
        fixture.at("2026-12-04T03:00:00Z")
        try fixture.ledger().perform(.send, on: LedgerDocumentReference(id: created.id, gross: nil), for: booking)
        #expect(try fixture.sandbox.requests(AsperionSandbox.uploads) == 1)

        try FileManager.default.removeItem(at: fixture.outbox.appendingPathComponent("2026-12-03.delivered"))
        #expect(try fixture.ledger().inspect(documentID: created.id, reference: "K7X-4001", includingCredit: false)?.done == [.create])
        try fixture.ledger().perform(.send, on: LedgerDocumentReference(id: created.id, gross: nil), for: booking)
        #expect(try fixture.sandbox.requests(AsperionSandbox.uploads) == 2)
        #expect(try fixture.sandbox.deliveredFiles() == ["2026-12-03.xml": "imported"])
        let report = try fixture.sandbox.report("2026-12-03.xml")
        #expect(report["orderCount"] as? Int == 1)
        #expect(report["imported"] as? Int == 1)
        #expect(try fixture.ledger().findBooking(reference: "K7X-4001")?.gross == booking.document.grossTotal)
    }

    @Test func aCreditIsRefusedAndTheReferenceDataMaps() throws {
        let fixture = try AsperionLedgerFixture()
        let ledger = try fixture.ledger()
        let booking = try AsperionLedgerFixture.booking("K7X-5001")
        #expect(errorKind { _ = try ledger.credit(LedgerDocumentReference(id: "2026-12-03/K7X-5001", gross: nil), for: booking) } == .refused)
        let reference = try ledger.referenceData()
        #expect(reference.vatCodes.map(\.id) == ["high", "low", "zero"])
        #expect(reference.vatCodes.map(\.detail) == ["21.0", "9.0", "0.0"])
        #expect(reference.revenueAccounts.count == 1)
    }
}

/// The kind of `LedgerError` `body` throws; nil when it throws none (another error fails the test).
func errorKind(_ body: () throws -> Void) -> LedgerError.Kind? {
    do {
        try body()
        return nil
    } catch let error as LedgerError {
        return error.kind
    } catch {
        Issue.record("not a LedgerError: \(error)")
        return nil
    }
}
