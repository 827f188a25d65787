import Booking
import Foundation
import KoppelCore
import KoppelHTTP
import KoppelStore
import Ledger
import GRDB
import Logging
import Reconciliation
import Testing

/// The reconciler end to end: orders booked into koppel-sandbox, bookings then edited, deleted and
/// duplicated there as someone would in Moneybird, read back over HTTP and reported.
@Suite(.serialized)
struct ReconcileJobTests {
    static let period = DatePeriod(first: "2000-01-01", last: "2099-12-31")

    final class Reconciling {
        let setup: BookingJobTests.Setup
        let reports: URL
        let job: ReconcileJob

        init() throws {
            // Bare order numbers, as a connection from before reference prefixes books: the
            // report's reference column then reads as the order number.
            setup = try BookingJobTests.Setup(sandboxArguments: ["--rate-limit", "100000"], bareReferences: true)
            reports = setup.folder.appendingPathComponent("reports")
            var logger = Logger(label: "test")
            logger.logLevel = .critical
            job = ReconcileJob(
                database: setup.database,
                ledgers: LedgerFactory(database: setup.database, sealer: setup.sealer, budgets: RateBudgets(limit: 100_000, windowSeconds: 300)),
                reportsDirectory: reports.path, logger: logger, clock: { Int64(Date().timeIntervalSince1970) })
        }

        /// The sandbox's invoice for an order number, as JSON.
        func invoice(_ reference: String) throws -> [String: Any] {
            let response = try setup.sandbox.get("sales_invoices.json?filter=reference:\(reference),state:all")
            let invoices = try JSONSerialization.jsonObject(with: response.body) as? [[String: Any]] ?? []
            return try #require(invoices.first)
        }

        /// The report's rows as `reference kind field`, header left out.
        func rows(_ outcome: ReconcileJob.Outcome) throws -> [[String]] {
            let text = try String(contentsOfFile: outcome.csvPath, encoding: .utf8)
            return text.components(separatedBy: "\r\n").dropFirst().filter { !$0.isEmpty }.map { $0.components(separatedBy: ";") }
        }

        /// Puts the first line of the order's invoice `cents` up, as someone editing it in Moneybird.
        func raiseFirstLine(of reference: String, by cents: Int64) throws {
            let invoice = try invoice(reference)
            let firstLine = try #require((invoice["details"] as? [[String: Any]])?.first)
            let price = try Cents(parsing: try #require(firstLine["price"] as? String))
            let edited = try setup.sandbox.admin(
                "PATCH", "sales_invoices/\(invoice["id"]!)", #"{"line": 0, "price": "\#(price + Cents(cents))"}"#)
            #expect(edited.status == 200, "\(edited.text)")
        }

        func setTolerance(_ tolerance: Cents) throws {
            try setup.database.setReconcileSettings(ReconcileSettings(tolerance: tolerance), connectionID: setup.connection.id, now: 1)
        }

        /// The shop's order numbers whose booking shows among the orders' errors.
        func flagged() throws -> Set<Int64> {
            Set(try setup.database.ledgerMismatches(connectionID: setup.connection.id).compactMap { Int64($0.orderReference) })
        }
    }

    @Test func editedDeletedAndDuplicatedBookingsAreReportedAndUntouchedOnesAreNot() throws {
        let run = try Reconciling()
        let setup = run.setup
        // Orders 11 to 16 are fixture order 1 (Jan, one contact), 17 is fixture order 3 (another customer).
        for id in 11...16 { try setup.push(1, id: Int64(id)) }
        try setup.push(3, id: 17, email: "other@example.nl")
        #expect(try setup.job.run(setup.connection).booked == 7)

        // 11: a price two cents up. 12: its 9 % line moved to 21 % VAT. 17: the customer moved.
        // 14: deleted. 15: duplicated. 16: untouched. 999: a booking made by hand with an order number.
        let eleven = try run.invoice("11")
        let firstLine = try #require((eleven["details"] as? [[String: Any]])?.first)
        let price = try Cents(parsing: try #require(firstLine["price"] as? String))
        try setup.sandbox.admin("PATCH", "sales_invoices/\(eleven["id"]!)", #"{"line": 0, "price": "\#(price + Cents(2))"}"#)
        let moved = try setup.sandbox.admin("PATCH", "sales_invoices/\(try run.invoice("12")["id"]!)", #"{"line": 0, "tax_percentage": "21"}"#)
        #expect(moved.status == 200, "\(moved.text)")
        let contact = try #require(try run.invoice("17")["contact_id"] as? String)
        try setup.sandbox.admin("PATCH", "contacts/\(contact)", #"{"address1": "Dorpsweg 9", "city": "Amersfoort"}"#)
        #expect(try setup.sandbox.admin("DELETE", "sales_invoices/\(try run.invoice("14")["id"]!)").status == 204)
        #expect(try setup.sandbox.admin("POST", "sales_invoices/\(try run.invoice("15")["id"]!)/duplicate").status == 201)
        let orphan = try setup.sandbox.send(
            "POST", "sales_invoices.json",
            #"{"sales_invoice": {"contact_id": "\#(contact)", "reference": "999", "invoice_date": "2026-11-20", "details_attributes": [{"description": "by hand", "price": "10.00"}]}}"#)
        #expect(orphan.status == 201, "\(orphan.text)")

        let outcome = try run.job.run(setup.connection, period: ReconcileJobTests.period)
        let found = try run.rows(outcome).map { "\($0[0]) \($0[3]) \($0[4])" }
        #expect(found.filter { $0.hasPrefix("11 ") } == ["11 bedrag totaal incl. btw", "11 bedrag totaal excl. btw"])
        #expect(found.filter { $0.hasPrefix("12 ") }.contains("12 bedrag totaal incl. btw"))
        #expect(found.filter { $0.hasPrefix("12 ") && $0.contains(" btw btw ") }.count == 2)
        #expect(found.filter { $0.hasPrefix("17 ") } == ["17 klant plaats", "17 klant straat"])
        #expect(found.filter { $0.hasPrefix("14 ") } == ["14 ontbreekt boeking"])
        #expect(found.filter { $0.hasPrefix("15 ") } == ["15 dubbel boeking"])
        #expect(found.filter { $0.hasPrefix("999 ") } == ["999 onbekend boeking"])
        #expect(!found.contains { $0.hasPrefix("13 ") || $0.hasPrefix("16 ") })

        let summary = outcome.summary
        #expect(summary.booked == 7)
        #expect(summary.inLedger == 8)  // 7 booked − 1 deleted + 1 duplicate + 1 by hand
        #expect(summary.counts[.missing] == 1 && summary.counts[.duplicate] == 1 && summary.counts[.orphan] == 1)
        #expect(summary.counts[.customer] == 2)
        #expect(summary.mismatchedBookings == 6)
        // Read in bulk: the access check, one page of invoices; nothing looked up one by one but
        // the deleted booking.
        #expect(summary.requests == 3)

        // Mismatched bookings show among their orders' errors; untouched ones do not.
        let flagged = Set(try setup.database.ledgerMismatches(connectionID: setup.connection.id).compactMap { Int64($0.orderReference) })
        #expect(flagged == [11, 12, 14, 15, 17])

        // The duplicate removed and the deletion undone by reprocessing: the flags go too.
        let copies = try JSONSerialization.jsonObject(
            with: try setup.sandbox.get("sales_invoices.json?filter=reference:15,state:all").body) as? [[String: Any]] ?? []
        try setup.sandbox.admin("DELETE", "sales_invoices/\(copies.last!["id"]!)")
        let second = try run.job.run(setup.connection, period: ReconcileJobTests.period)
        #expect(second.summary.counts[.duplicate] == nil)
        #expect(!Set(try setup.database.ledgerMismatches(connectionID: setup.connection.id).compactMap { Int64($0.orderReference) }).contains(15))
    }

    @Test func aCleanRunReportsNothingAndAnEditIsNoticedOnce() throws {
        let run = try Reconciling()
        let setup = run.setup
        // Unpaid orders (drafts) and paid ones (sent, payment registered), booked correctly.
        for id in 21...23 { try setup.push(1, id: Int64(id)) }
        try setup.push(1, id: 24, status: 5)
        try setup.push(3, id: 25, email: "other@example.nl")
        #expect(try setup.job.run(setup.connection).booked == 5)
        #expect(try run.invoice("24")["state"] as? String == "paid")

        // Not a cent tolerated by default, and still clean.
        #expect(try setup.database.reconcileSettings(connectionID: setup.connection.id).tolerance == .zero)
        let clean = try run.job.run(setup.connection, period: ReconcileJobTests.period)
        #expect(clean.summary.isClean)
        #expect(clean.summary.booked == 5 && clean.summary.inLedger == 5)
        #expect(clean.summary.bookedGross == clean.summary.ledgerGross)
        #expect(try run.rows(clean).isEmpty)
        #expect(clean.summaryText.contains("Geen afwijkingen"))
        #expect(clean.subject.contains("geen afwijkingen"))
        let csv = try Data(contentsOf: URL(fileURLWithPath: clean.csvPath))
        #expect(Array(csv.prefix(3)) == [0xEF, 0xBB, 0xBF])

        // An edit that keeps the figures (a description) is a notice, once.
        sleep(1)
        try setup.sandbox.admin("PATCH", "sales_invoices/\(try run.invoice("22")["id"]!)", #"{"line": 0, "description": "edited"}"#)
        let edited = try run.job.run(setup.connection, period: ReconcileJobTests.period)
        #expect(edited.summary.counts[.changed] == 1)
        #expect(edited.summary.isClean)
        #expect(try run.rows(edited).map { "\($0[0]) \($0[3])" } == ["22 bewerkt"])
        let again = try run.job.run(setup.connection, period: ReconcileJobTests.period)
        #expect(again.summary.counts[.changed] == nil)
    }

    @Test func aCentWithinTheToleranceIsListedAndTheRunIsNotClean() throws {
        let run = try Reconciling()
        let setup = run.setup
        // Unpaid orders: drafts, nothing paid to be open.
        for id in 71...72 { try setup.push(1, id: Int64(id)) }
        #expect(try setup.job.run(setup.connection).booked == 2)
        try run.raiseFirstLine(of: "71", by: 1)

        try run.setTolerance(Cents(1))
        let tolerated = try run.job.run(setup.connection, period: ReconcileJobTests.period)
        let rows = try run.rows(tolerated)
        #expect(rows.map { "\($0[0]) \($0[3]) \($0[4]) \($0[7])" }
            == ["71 binnen tolerantie totaal incl. btw 0,01", "71 binnen tolerantie totaal excl. btw 0,01"])
        #expect(rows.allSatisfy { $0[8].hasPrefix("binnen de tolerantie: ") })
        let summary = tolerated.summary
        #expect(summary.mismatches == 0 && summary.withinTolerance == 2)
        #expect(summary.mismatchedBookings == 0 && summary.bookingsWithinTolerance == 1)
        #expect(!summary.isClean)
        #expect(!tolerated.summaryText.contains("Geen afwijkingen"))
        #expect(tolerated.summaryText.contains("(verschil € 0,01)"))
        #expect(tolerated.summaryText.contains("Verschillen binnen de tolerantie van € 0,01: 2 in 1 bestelling"))
        #expect(tolerated.subject.contains("2 verschillen binnen de tolerantie"))
        // A notice, not an error of the order.
        #expect(try run.flagged().isEmpty)

        // Without a tolerance the same cent is a mismatch, among the order's errors.
        try run.setTolerance(.zero)
        let strict = try run.job.run(setup.connection, period: ReconcileJobTests.period)
        #expect(try run.rows(strict).map { "\($0[0]) \($0[3]) \($0[4]) \($0[7])" }
            == ["71 bedrag totaal incl. btw 0,01", "71 bedrag totaal excl. btw 0,01"])
        #expect(strict.summary.mismatches == 2 && strict.summary.withinTolerance == 0)
        #expect(strict.summaryText.contains("Afwijkingen: 2 in 1 bestelling"))
        #expect(try run.flagged() == [71])
    }

    @Test func aPaidBookingWithACentOpenIsReportedAtAnyTolerance() throws {
        let run = try Reconciling()
        let setup = run.setup
        // Paid orders: sent, and their payment registered. 81 then gets a cent more in the ledger,
        // which its payment does not cover.
        try setup.push(1, id: 81, status: 5)
        try setup.push(3, id: 82, email: "other@example.nl")
        #expect(try setup.job.run(setup.connection).booked == 2)
        try run.raiseFirstLine(of: "81", by: 1)
        #expect(try run.invoice("81")["total_unpaid"] as? String == "0.01")

        // The report lists an order's findings by kind: amounts beyond the tolerance, the open
        // balance, then what lies within the tolerance.
        let withinTolerance = [
            "81 openstaand bedrag openstaand", "81 binnen tolerantie totaal incl. btw", "81 binnen tolerantie totaal excl. btw",
        ]
        let expected: [(Cents, [String])] = [
            (.zero, ["81 bedrag totaal incl. btw", "81 bedrag totaal excl. btw", "81 openstaand bedrag openstaand"]),
            (Cents(1), withinTolerance), (Cents(10_000), withinTolerance),
        ]
        for (tolerance, found) in expected {
            try run.setTolerance(tolerance)
            let outcome = try run.job.run(setup.connection, period: ReconcileJobTests.period)
            let rows = try run.rows(outcome)
            #expect(rows.map { "\($0[0]) \($0[3]) \($0[4])" } == found, "tolerance \(tolerance)")
            let open = try #require(rows.first { $0[3] == "openstaand bedrag" })
            #expect(open[5] == "0,00" && open[6] == "0,01" && open[7] == "0,01")
            #expect(outcome.summary.counts[.openBalance] == 1)
            #expect(outcome.summary.mismatchedBookings == 1)
            #expect(outcome.summaryText.contains("  openstaand bedrag: 1\n"))
            #expect(try run.flagged() == [81])
        }
    }

    @Test func anInvoiceLeftOpenUnderABookingTakenAsPaidIsReported() throws {
        let run = try Reconciling()
        let setup = run.setup
        // Booked unpaid (drafts): fine while koppel registered no payment.
        for id in 91...93 { try setup.push(1, id: Int64(id)) }
        #expect(try setup.job.run(setup.connection).booked == 3)
        #expect(try run.rows(try run.job.run(setup.connection, period: ReconcileJobTests.period)).isEmpty)

        // 91 as migration v7 converted a one-step booking: every step taken as done, though its
        // invoice was never paid. 92's stored state is damaged: koppel cannot tell, and claims nothing.
        let orders = try setup.database.orders(license: setup.connection.licenseKey)
        let ninetyOne = try #require(orders.first { $0.orderReference == "91" })
        let invoice = try run.invoice("91")
        let documentID = try #require(invoice["id"] as? String)
        let takenAsPaid = BookingFlow(
            phase: .booked, trail: LedgerTrail(documentID: documentID, done: LedgerStep.allCases), plan: LedgerStep.allCases)
        try setup.database.saveFlow(orderID: ninetyOne.id, takenAsPaid, detail: "converted", now: 1)
        let ninetyTwo = try #require(orders.first { $0.orderReference == "92" })
        try setup.database.pool.write { db in
            try db.execute(sql: "UPDATE shop_order SET flow = '{\"format\": 2, \"trail\": ' WHERE id = ?", arguments: [ninetyTwo.id])
        }

        let outcome = try run.job.run(setup.connection, period: ReconcileJobTests.period)
        let rows = try run.rows(outcome)
        #expect(rows.map { "\($0[0]) \($0[3]) \($0[4])" } == ["91 openstaand bedrag openstaand"])
        let gross = try Cents(parsing: try #require(invoice["total_price_incl_tax"] as? String))
        #expect(rows.first?[6] == gross.description.replacingOccurrences(of: ".", with: ","))
        #expect(try run.flagged() == [91])
    }

    @Test func ordersBookedBeforeFiguresWereKeptAreReconciledToo() throws {
        let run = try Reconciling()
        let setup = run.setup
        try setup.push(1, id: 31)
        #expect(try setup.job.run(setup.connection).booked == 1)
        try setup.database.pool.write { try $0.execute(sql: "DELETE FROM booked_document") }

        let outcome = try run.job.run(setup.connection, period: ReconcileJobTests.period)
        #expect(outcome.summary.booked == 1)
        #expect(outcome.summary.isClean)
    }
}
