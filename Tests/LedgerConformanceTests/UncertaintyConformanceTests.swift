import Foundation
import KoppelCore
import Ledger
import Testing

/// 2. Look-up and idempotency after uncertainty: the ledger stores the document and the answer is
/// lost (`commit_then_drop` on the create). The adapter's `inspect` finds exactly one document, by
/// reference, by id and by idempotency key where the ledger takes one; a ledger with keys makes no
/// second document when the create is repeated, and for one without keys the flow's rule (look up
/// first, create only when nothing is found) is what keeps it at one. For a deferred ledger
/// (Asperion) the lost answer is the day file's upload: the order stays listed with `send` not done,
/// and the delivery made again is the same file, imported once.
@Suite struct UncertaintyConformanceTests {
    @Test(arguments: LedgerUnderTest.all)
    func aLostCreateIsFoundAndNeverMadeTwice(ledger: LedgerUnderTest) throws {
        let sandbox = try ledger.startSandbox()
        let connected = try ledger.connect(sandbox)
        let booking = try connected.prepared(ConformanceFixture.all[1], isPaid: false)
        let reference = booking.document.reference
        let day = booking.document.orderDate
        let key = "lost-\(UUID().uuidString)"
        try sandbox.faults(#"{"rules": [{"endpoint": "\#(ledger.createEndpoint)", "fault": "commit_then_drop"}]}"#)
        do {
            try connected.reachLedger(booking, idempotencyKey: key)
            Issue.record("\(ledger.name): the dropped answer was taken for a success")
        } catch let error as LedgerError {
            #expect(error.kind == .uncertain, "\(ledger.name): \(error)")
            #expect(error.mayHaveReachedLedger)
        }
        #expect(try sandbox.stats()[ledger.createEndpoint] == 1, "\(ledger.name): libcurl sent the create again")

        let byReference = try #require(
            try connected.ledger.inspect(documentID: nil, reference: reference, includingCredit: false), "\(ledger.name)")
        #expect(byReference.gross == booking.document.grossTotal, "\(ledger.name)")
        let byID = try #require(try connected.ledger.inspect(documentID: byReference.id, reference: reference, includingCredit: false))
        #expect(byID.id == byReference.id)
        #expect(try connected.ledger.inspect(documentID: nil, reference: "no-such-order", includingCredit: false) == nil)
        #expect(try connected.readBack(reference, on: day).count == 1, "\(ledger.name)")

        // How the flow settles a lost create: by its keys (a ledger without keys searches by reference).
        let byKey = try #require(
            try connected.ledger.inspect(idempotencyKeys: ["never-sent", key], reference: reference, includingCredit: false), "\(ledger.name)")
        #expect(byKey.id == byReference.id, "\(ledger.name)")
        if ledger.takesIdempotencyKey {
            #expect(try connected.ledger.inspect(idempotencyKeys: ["never-sent"], reference: reference, includingCredit: false) == nil)
        }

        if ledger.isDeferred {
            // Listed, delivered without an answer: the outbox does not know it was delivered, so the flow sends again.
            #expect(byReference.done == [.create], "\(ledger.name): \(byReference.done)")
            // A blind repeat of every step: the outbox finds the listed order, the upload of the same file is a no-op.
            try connected.book(booking, idempotencyKey: key)
            #expect(try sandbox.stats()[ledger.createEndpoint] == 2, "\(ledger.name)")
            let delivered = try connected.ledger.inspect(documentID: nil, reference: reference, includingCredit: false)
            #expect(delivered?.done == [.create, .send], "\(ledger.name)")
            #expect(delivered?.id == byReference.id, "\(ledger.name)")
            #expect(try connected.readBack(reference, on: day).count == 1, "\(ledger.name): imported twice")
        } else if ledger.takesIdempotencyKey {
            // The create repeated with the same key finds the first document.
            let again = try connected.ledger.create(booking, idempotencyKey: key)
            #expect(again.id == byReference.id, "\(ledger.name)")
            #expect(try connected.readBack(reference, on: day).count == 1, "\(ledger.name): a second document with the same key")
        } else {
            // The flow's rule: look up first, create only when nothing is found.
            let settled = try connected.ledger.inspect(documentID: nil, reference: reference, includingCredit: false)
                ?? connected.ledger.create(booking, idempotencyKey: key)
            #expect(settled.id == byReference.id)
            #expect(try connected.readBack(reference, on: day).count == 1, "\(ledger.name)")
            // Why the rule is needed: this ledger takes no key, so a blind repeat makes a second document.
            _ = try connected.ledger.create(booking, idempotencyKey: key)
            #expect(try connected.readBack(reference, on: day).count == 2, "\(ledger.name) takes an idempotency key after all")
        }
    }
}
