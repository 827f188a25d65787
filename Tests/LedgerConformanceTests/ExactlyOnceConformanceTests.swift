import Foundation
import KoppelCore
import KoppelStore
import Ledger
import OpenCart
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Exactly once under SIGKILL through `koppel sync`, for every ledger through its provider: the
/// process is killed at random moments while the sandbox carries out writes on every write endpoint
/// and loses their answers, then run again until everything is booked. The ledger, read back over
/// HTTP, holds each order exactly once (and each credited order's credit once), nothing failed,
/// and `koppel reconcile` finds no difference at 0.00.
@Suite(.serialized)
struct ExactlyOnceConformanceTests {
    /// Paid orders (copies of OpenCart 3 order 3, Shipped).
    static let paidOrders = 320
    /// Unpaid orders (copies of order 1, Processing), booked first; those booked by the middle of the
    /// kills are cancelled where the ledger credits, so their credits are killed and lose answers too.
    static let unpaidOrders = 40
    static let kills = 20

    /// A deferred ledger books by day files: `DeferredExactlyOnceConformanceTests`.
    @Test(arguments: LedgerUnderTest.all.filter { !$0.isDeferred })
    func everyOrderIsBookedExactlyOnceWhenSyncIsKilledAtRandomAndAnswersAreLost(ledger: LedgerUnderTest) throws {
        let started = Date()
        let sandbox = try ledger.startSandbox()
        let koppel = try KoppelUnderTest(ledger, sandbox: sandbox)
        var unpaid = try KoppelUnderTest.order(1)
        var paid = try KoppelUnderTest.order(3)
        let orders = try (1...Self.unpaidOrders + Self.paidOrders).map { id -> PushedOrder in
            if id <= Self.unpaidOrders {
                unpaid.orderID = Int64(id)
                return unpaid
            }
            paid.orderID = Int64(id)
            return paid
        }
        try koppel.store(orders)
        let plan = LostAnswerPlan(endpoints: ledger.writeEndpoints, otherRequests: 0.02, spacing: 10...40, writes: 4 * orders.count)
        try sandbox.faults(plan.json)

        // Each kill falls while the run books, whatever the machine's speed: after it has booked a few
        // more orders (or credited them), a random moment later; spread over most of the orders.
        func booked() throws -> Int { try koppel.orderReferences(in: .booked).count }
        let progress = orders.count / (Self.kills + 6)
        var generator = SystemRandomNumberGenerator()
        var killed = 0
        var cancelled: [PushedOrder] = []
        for round in 1...Self.kills {
            if round == Self.kills / 2, ledger.creditsCancelledOrders {
                let booked = try koppel.orderReferences(in: .booked)
                cancelled = orders.prefix(Self.unpaidOrders).filter { booked.contains(String($0.orderID)) }.map { order in
                    var order = order
                    order.orderStatusID = 7
                    return order
                }
                #expect(!cancelled.isEmpty, "\(ledger.name): no unpaid order booked by kill \(round)")
                try koppel.store(cancelled)
            }
            let before = try booked()
            let sync = try koppel.startSync()
            let deadline = Date().addingTimeInterval(60)
            while sync.isRunning, try booked() < before + progress, Date() < deadline { usleep(5_000) }
            usleep(UInt32.random(in: 0...20_000, using: &generator))
            kill(sync.processIdentifier, SIGKILL)
            sync.waitUntilExit()
            if sync.terminationReason == .uncaughtSignal { killed += 1 }
        }
        let bookedWhileKilled = try booked()
        let lost = try LostAnswerPlan.lost(in: sandbox)
        #expect(killed >= Self.kills * 3 / 4, "\(ledger.name): runs killed mid-way: \(killed) of \(Self.kills)")

        // The rest without kills and lost answers: an order whose answer was lost waits for its backoff (5 s, 10 s).
        try sandbox.faults(#"{"rules": [], "commit_then_drop_rate": 0}"#)
        var last = try koppel.run(["sync"])
        let deadline = Date().addingTimeInterval(60)
        while try koppel.orderReferences(in: .booked).count < orders.count, Date() < deadline {
            sleep(1)
            last = try koppel.run(["sync"])
        }
        // Nothing failed: every order booked, the last run clean.
        #expect(try koppel.orderReferences(in: .booked).count == orders.count, "\(ledger.name): \(last.output) \(last.errors)")
        last = try koppel.run(["sync"])
        #expect(last.status == 0, "\(ledger.name): \(last.output) \(last.errors)")

        // Read back over HTTP: one document per order, one credit per cancelled order, paid where koppel pays.
        let connected = try ledger.connect(sandbox)
        let settings = try JSONDecoder().decode(
            SettingsRows.self, from: Data(contentsOf: KoppelUnderTest.fixtures.appendingPathComponent("opencart3-settings.json"))
        ).shopSettings()
        let dates = [unpaid, paid].map { $0.booking(settings: settings).document.orderDate }.sorted()
        var documents: [String: [LedgerBooking]] = [:]
        var credits: [String: [LedgerBooking]] = [:]
        // Credits are dated the day they are made.
        try connected.ledger.bookings(in: DatePeriod(first: dates[0], last: ConformanceFixture.today)) { booking in
            if booking.creditOf == nil {
                documents[booking.reference, default: []].append(booking)
            } else {
                credits[booking.reference, default: []].append(booking)
            }
        }
        let references = Set(orders.map(koppel.reference))
        let twice = documents.filter { $0.value.count > 1 }.keys.sorted()
        let missing = references.subtracting(documents.keys).sorted()
        let foreign = Set(documents.keys).subtracting(references).sorted()
        #expect(twice.isEmpty, "\(ledger.name): booked twice: \(twice.count), \(twice.prefix(10))")
        #expect(missing.isEmpty, "\(ledger.name): not booked: \(missing.count), \(missing.prefix(10))")
        #expect(foreign.isEmpty, "\(ledger.name): unknown references: \(foreign.prefix(10))")
        let creditedReferences = Set(cancelled.map(koppel.reference))
        let creditedTwice = credits.filter { $0.value.count > 1 }.keys.sorted()
        #expect(creditedTwice.isEmpty, "\(ledger.name): credited twice: \(creditedTwice.count), \(creditedTwice.prefix(10))")
        #expect(Set(credits.keys) == creditedReferences, "\(ledger.name): credits \(credits.count), cancelled \(cancelled.count)")
        for (reference, found) in credits {
            #expect(found.first?.creditOf == documents[reference]?.first?.id, "\(ledger.name): \(reference)'s credit is of another document")
        }
        let registersPayment = connected.ledger.steps(for: try connected.prepared(ConformanceFixture.all[0])).contains(.registerPayment)
        let paidReferences = Set(orders.suffix(Self.paidOrders).map(koppel.reference))
        let notPaid = documents.filter { paidReferences.contains($0.key) && registersPayment }
            .filter { $0.value.contains { $0.payment?.isPaid != true || $0.payment?.unpaid != .zero } }.keys.sorted()
        #expect(notPaid.isEmpty, "\(ledger.name): paid orders not paid exactly: \(notPaid.count), \(notPaid.prefix(10))")

        // The reconciler agrees, to the cent.
        let reconcile = try koppel.run(["reconcile", "--no-mail", "--connection", koppel.connection.licenseKey, "--from", dates[0], "--to", dates[1]])
        #expect(reconcile.status == 0, "\(ledger.name): \(reconcile.errors)")
        #expect(reconcile.output.contains("Geen afwijkingen: alle boekingen kloppen met de bestellingen."), "\(ledger.name): \(reconcile.output)")
        #expect(reconcile.output.contains("(verschil € 0,00)"), "\(ledger.name): \(reconcile.output)")

        // Every write endpoint lost answers while runs were killed.
        for endpoint in ledger.writeEndpoints {
            #expect((lost[endpoint] ?? 0) > 0, "\(ledger.name): no answer lost on \(endpoint): \(lost)")
        }
        let seconds = Date().timeIntervalSince(started)
        print(
            "conformance \(ledger.name) exactly once: \(orders.count) orders (\(Self.paidOrders) paid), \(cancelled.count) credited, "
                + "\(killed) of \(Self.kills) runs killed (\(bookedWhileKilled) booked meanwhile), answers lost \(lost.sorted { $0.key < $1.key }), "
                + "\(twice.count) booked twice, \(creditedTwice.count) credited twice, \(String(format: "%.1f", seconds)) s")
    }
}
