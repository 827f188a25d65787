import Asperion
import Booking
import Foundation
import KoppelCore
import KoppelStore
import Ledger
import Logging
import OpenCart
import Reconciliation
import Testing

/// The reconciler against Asperion: orders delivered in a day file to the real sandbox over HTTP,
/// imported there (or not), booked in a real SQLite file, and reconciled with an injected clock.
///
/// The orders are marked booked here as the booking job does when an order's send step completes
/// (`recordBooked` with the delivery time), and the reconciler reads the fixture's own adapter
/// (`ReconcileLedgers`: its outbox folder and clock); AsperionThroughNginxTests books through
/// `koppel sync` and reconciles through `koppel reconcile`.
@Suite(.serialized)
struct AsperionReconcileTests {
    final class Reconciling {
        let fixture: AsperionLedgerFixture
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("koppel-asperion-reconcile-\(UUID().uuidString)")
        let database: KoppelDatabase
        let connection: Connection
        let job: ReconcileJob

        init(invoiceDate: AsperionSettings.InvoiceDate = .orderDate, sandboxArguments: [String] = []) throws {
            fixture = try AsperionLedgerFixture(invoiceDate: invoiceDate, sandboxArguments: sandboxArguments)
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            database = try KoppelDatabase(path: folder.appendingPathComponent("koppel.sqlite").path)
            connection = try database.addConnection(name: "Fietsen", shop: .opencart, ledger: .asperion, now: 1)
            let sealer = SecretSealer(masterKey: try MasterKey.forSealing(at: folder.appendingPathComponent("master.key").path, in: database))
            var logger = Logger(label: "test")
            logger.logLevel = .critical
            let fixture = fixture
            job = ReconcileJob(
                database: database, ledgers: LedgerFactory(database: database, sealer: sealer),
                reportsDirectory: folder.appendingPathComponent("reports").path, logger: logger,
                opening: ReconcileLedgers(
                    open: { _ in try fixture.ledger() }, refreshAccess: { _ in },
                    capabilities: { _ in AsperionProvider().capabilities }),
                clock: { fixture.now })
        }

        deinit {
            do { try FileManager.default.removeItem(at: folder) } catch { Issue.record("cleanup of \(folder.path): \(error)") }
        }

        /// OpenCart 3 order 1 as shop order `number` dated `orderDate` (the customer in `city` if
        /// given): stored as pushed, put in the open day's list; returns its booking, the store's id
        /// and the outbox's id.
        func add(
            _ number: Int64, orderDate: String, city: String? = nil
        ) throws -> (booking: PreparedBooking, orderID: Int64, ledgerID: String) {
            let rows = try JSONDecoder().decode(
                OrderRows.self, from: Data(contentsOf: AsperionLedgerFixture.opencart.appendingPathComponent("opencart3-order-1.json")))
            var order = try rows.pushedOrder()
            order.orderID = number
            _ = try database.storeOrders(
                [try order.incoming()], connectionID: connection.id,
                signature: AcceptedSignature(bytes: Data(UUID().uuidString.utf8), expiresAt: 9), now: 1)
            let shop = try JSONDecoder().decode(
                SettingsRows.self, from: Data(contentsOf: AsperionLedgerFixture.opencart.appendingPathComponent("opencart3-settings.json"))
            ).shopSettings()
            var document = order.booking(settings: shop, options: AsperionLedgerFixture.options).document
            document.reference = connection.bookingReference.reference(orderID: number, storeID: 0)
            document.orderDate = orderDate
            if let city { document.customer.city = city }
            // The VAT mapping as `koppel ledger map` makes it onto Asperion's classes (`referenceData`).
            for index in document.vatTotals.indices {
                let kind = document.vatTotals[index].rate.kind
                document.vatTotals[index].ledgerVATCode = kind == .standard ? "high" : kind == .reduced ? "low" : "zero"
            }
            let booking = PreparedBooking(document: document, isPaid: true, paymentMethod: order.paymentMethod.code)
            let stored = try #require(try database.orders(license: connection.licenseKey).first { $0.orderReference == "\(number)" })
            let created = try fixture.ledger().create(booking, idempotencyKey: document.reference)
            return (booking, stored.id, created.id)
        }

        /// Delivers each order's day file (the send step, at the fixture's time) and records the
        /// order booked at that time, as the booking job does when the send step completes.
        func book(_ orders: [(booking: PreparedBooking, orderID: Int64, ledgerID: String)]) throws {
            let ledger = try fixture.ledger()
            for order in orders {
                try ledger.perform(.send, on: LedgerDocumentReference(id: order.ledgerID, gross: nil), for: order.booking)
                try database.recordBooked(
                    orderID: order.orderID, ledgerID: order.ledgerID, orderVersion: 1,
                    BookedFigures(document: order.booking.document, onFixedDebtor: false), now: fixture.now)
            }
        }

        /// The report's rows as `reference kind field`.
        func rows(_ outcome: ReconcileJob.Outcome) throws -> [String] {
            let text = try String(contentsOfFile: outcome.csvPath, encoding: .utf8)
            return text.components(separatedBy: "\r\n").dropFirst().filter { !$0.isEmpty }
                .map { $0.components(separatedBy: ";") }.map { "\($0[0]) \($0[3]) \($0[4])" }
        }
    }

    /// Orders of 1 and 3 December listed on the 3rd, delivered and imported on the 4th, reconcile
    /// clean for the period of their order dates, whichever day the invoices are dated: with
    /// `export_date` Asperion holds them dated the 4th, after the period. An order of 30 November
    /// in the same file is outside the period and not reported.
    @Test(arguments: [AsperionSettings.InvoiceDate.orderDate, .exportDate])
    func importedOrdersReconcileCleanWhicheverDayTheInvoiceIsDated(_ invoiceDate: AsperionSettings.InvoiceDate) throws {
        let run = try Reconciling(invoiceDate: invoiceDate)
        let orders = [
            try run.add(1001, orderDate: "2026-12-01"), try run.add(1002, orderDate: "2026-12-03"),
            try run.add(1003, orderDate: "2026-11-30"),
        ]
        run.fixture.at("2026-12-04T02:00:00Z")
        try run.book(orders)
        #expect(try run.fixture.sandbox.report("2026-12-03.xml")["imported"] as? Int == 3)

        run.fixture.at("2026-12-05T03:00:00Z")
        let outcome = try run.job.run(run.connection, period: DatePeriod(first: "2026-12-01", last: "2026-12-03"))
        #expect(try run.rows(outcome) == [])
        #expect(outcome.summary.isClean)
        #expect(outcome.summary.booked == 2)
        #expect(outcome.summary.inLedger == 2)
        #expect(outcome.summary.awaitingConfirmation == 0)
        #expect(outcome.summary.ledgerGross == outcome.summary.bookedGross)
        // The access check, one page of debtors and one of invoices: nothing looked up one by one.
        #expect(outcome.summary.requests == 3)
    }

    /// A file delivered and not imported (the sandbox waits for the owner's "Synchroniseren"): no
    /// finding within the 3 days after delivery, "afgeleverd, niet geïmporteerd" after them, and
    /// clean once the owner imports it.
    @Test func aDeliveredFileNotImportedIsWaitedForThenReported() throws {
        let run = try Reconciling(sandboxArguments: ["--asperion-import", "manual"])
        let order = try run.add(2001, orderDate: "2026-12-03")
        run.fixture.at("2026-12-04T02:00:00Z")
        try run.book([order])
        let period = DatePeriod(first: "2026-12-01", last: "2026-12-07")

        run.fixture.at("2026-12-07T01:59:59Z")
        let waiting = try run.job.run(run.connection, period: period)
        #expect(try run.rows(waiting) == [])
        #expect(waiting.summary.awaitingConfirmation == 1)
        #expect(waiting.summary.mismatches == 0)
        #expect(waiting.summaryText.contains("Afgeleverd, nog niet in Asperion (binnen de wachttijd voor de import, geen fout): 1"))
        // Not looked up one by one while it may still be imported: the access check, a page of
        // debtors and one of invoices.
        #expect(waiting.summary.requests == 3)

        run.fixture.at("2026-12-07T02:00:00Z")
        let late = try run.job.run(run.connection, period: period)
        let reference = order.booking.document.reference
        #expect(try run.rows(late) == ["\(reference) afgeleverd, niet geïmporteerd boeking"])
        #expect(late.summary.counts[.notImported] == 1)
        #expect(late.summary.counts[.missing] == nil)
        #expect(late.summary.awaitingConfirmation == 0)
        #expect(try run.database.ledgerMismatches(connectionID: run.connection.id).map(\.mismatch) == ["ledger differs: not_imported booking"])

        #expect(try run.fixture.sandbox.importWaiting() == 1)
        let imported = try run.job.run(run.connection, period: period)
        #expect(try run.rows(imported) == [])
        #expect(imported.summary.isClean && imported.summary.inLedger == 1)
        #expect(try run.database.ledgerMismatches(connectionID: run.connection.id).isEmpty)
    }

    /// Imported invoices the owner edited in Asperion: one whose first line was raised by one euro
    /// (the totals including and excluding VAT differ), one whose date was moved out of the period
    /// (found by its order number, a `date` finding); an order of a known customer with another
    /// city (the debtor is matched on e-mail and kept as it was); an untouched one is clean.
    @Test func invoicesChangedInAsperionAreMismatches() throws {
        let run = try Reconciling()
        let raised = try run.add(3001, orderDate: "2026-12-03")
        let moved = try run.add(3002, orderDate: "2026-12-03")
        let untouched = try run.add(3003, orderDate: "2026-12-03")
        let movedHouse = try run.add(3004, orderDate: "2026-12-03", city: "Amersfoort")
        run.fixture.at("2026-12-04T02:00:00Z")
        try run.book([raised, moved, untouched, movedHouse])
        let edited = raised.booking.document
        let firstLine = try #require(edited.lines.first)
        try run.fixture.sandbox.editInvoice(of: edited.reference, #"{"line": 0, "amountCents": \#(firstLine.net.value + 100)}"#)
        try run.fixture.sandbox.editInvoice(of: moved.booking.document.reference, #"{"date": "2026-11-15"}"#)

        // After the grace period, so that the invoice missing from the period is looked up.
        run.fixture.at("2026-12-08T03:00:00Z")
        let outcome = try run.job.run(run.connection, period: DatePeriod(first: "2026-12-01", last: "2026-12-08"))
        #expect(
            try run.rows(outcome) == [
                "\(edited.reference) bedrag totaal incl. btw", "\(edited.reference) bedrag totaal excl. btw",
                "\(moved.booking.document.reference) datum datum", "\(movedHouse.booking.document.reference) klant plaats",
            ])
        #expect(outcome.summary.counts[.amount] == 2)
        #expect(outcome.summary.mismatchedBookings == 3)
        // The moved invoice, found by its order number, counts on the ledger's side as well.
        #expect(outcome.summary.inLedger == 4)
        #expect(outcome.summary.ledgerGross - outcome.summary.bookedGross == Cents(100))
        #expect(!outcome.summaryText.contains(untouched.booking.document.reference))
    }
}
