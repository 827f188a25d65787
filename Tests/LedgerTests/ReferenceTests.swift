import Booking
import Foundation
import GRDB
import KoppelCore
import KoppelHTTP
import KoppelStore
import Ledger
import Logging
import Moneybird
import OpenCart
import Reconciliation
import Testing

/// A booking's reference is koppel's own: two shops with the same order numbers in one
/// administration never take each other's bookings, and a document made by hand with a
/// koppel-like reference is reported, never adopted.
@Suite(.serialized)
struct ReferenceTests {
    @Test func twoShopsWithTheSameOrderNumbersInOneAdministrationBookEachOrderOnceAndReconcileClean() throws {
        let setup = try BookingJobTests.Setup(sandboxArguments: ["--rate-limit", "100000"])
        let second = try setup.addShop(name: "Tweede winkel")
        #expect(second.referencePrefix != setup.connection.referencePrefix)
        for number in [1, 3] {
            try setup.push(number)
            try setup.push(number, to: second)
        }
        #expect(try setup.job.run(setup.connection).booked == 2)
        // With bare order numbers the second shop's look-ups would find the first shop's invoices.
        #expect(try setup.job.run(second).booked == 2)

        let invoices = try LedgerReadBack(sandbox: setup.sandbox).invoices()
        let expected = [setup.connection, second].flatMap { connection in
            [1, 3].map { connection.bookingReference.reference(orderID: $0, storeID: 0) }
        }
        #expect(invoices.map(\.reference).sorted() == expected.sorted())
        // Order 3 is Shipped (paid), order 1 Processing (a draft until paid).
        #expect(invoices.filter { $0.state == "paid" }.map(\.reference).sorted()
            == [setup.connection, second].map { $0.bookingReference.reference(orderID: 3, storeID: 0) }.sorted())

        for connection in [setup.connection, second] {
            let outcome = try setup.reconcileJob().run(connection, period: ReconcileJobTests.period)
            #expect(outcome.summary.isClean, "\(connection.name): \(outcome.summaryText)")
            #expect(outcome.summary.booked == 2)
        }
    }

    @Test func aHandMadeInvoiceWithAKoppelLikeReferenceIsReportedNotAdopted() throws {
        let setup = try BookingJobTests.Setup(sandboxArguments: ["--rate-limit", "100000"])
        let reference = setup.reference(5)
        // Someone types an invoice by hand with the reference koppel would use for order 5.
        let contact = try setup.sandbox.send("POST", "contacts.json", #"{"contact": {"company_name": "Handmatig B.V."}}"#)
        let contactID = try #require((try JSONSerialization.jsonObject(with: contact.body) as? [String: Any])?["id"] as? String)
        let byHand = try setup.sandbox.send(
            "POST", "sales_invoices.json",
            #"{"sales_invoice": {"contact_id": "\#(contactID)", "reference": "\#(reference)", "invoice_date": "2026-11-20", "details_attributes": [{"description": "by hand", "price": "10.00"}]}}"#)
        #expect(byHand.status == 201, "\(byHand.text)")

        // koppel's own create of order 5 is lost on the way (nothing stored), so it looks the
        // reference up, and finds the hand-made invoice.
        try setup.push(3, id: 5)
        try setup.sandbox.faults(#"{"rules": [{"endpoint": "POST /sales_invoices", "fault": "drop"}]}"#)
        let clock = Int64(Date().timeIntervalSince1970)
        for offset in [Int64(0), 4000] {
            _ = try BookingJob(
                database: setup.database,
                ledgers: LedgerFactory(database: setup.database, sealer: setup.sealer, budgets: RateBudgets(limit: 100_000, windowSeconds: 300)),
                logger: Logger(label: "test"), clock: { clock + offset }
            ).run(setup.connection)
        }
        let order = try #require(try setup.database.orders(license: setup.connection.licenseKey).first { $0.orderReference == "5" })
        let flow = try #require(try setup.database.orderFlow(id: order.id))
        guard case .error(let problem) = flow.phase else { Issue.record("\(flow.phase)"); return }
        #expect(problem.code == .foreignDocument)
        #expect(flow.trail.documentID == nil)
        #expect(flow.trail.inDoubt == .create)
        #expect(try setup.invoices(order: 5) == 1)

        // The reconciler reports it as a booking koppel did not make.
        let outcome = try setup.reconcileJob().run(setup.connection, period: ReconcileJobTests.period)
        #expect(outcome.summary.counts[.orphan] == 1, "\(outcome.summaryText)")
    }

    @Test func referencesHaveTheConnectionsFormAndThePrefixIsFixedOnceBooked() throws {
        let reference = BookingReference(prefix: "BV")
        #expect(reference.reference(orderID: 1024, storeID: 0) == "BV-1024")
        #expect(reference.reference(orderID: 1024, storeID: 2) == "BV-2-1024")
        #expect(reference.matches("BV-1024") && reference.matches("BV-2-1024"))
        #expect(!reference.matches("1024") && !reference.matches("BVX-1024") && !reference.matches("BV-") && !reference.matches("BV-1-2-3"))
        #expect(reference.orderID(in: "BV-2-1024") == 1024)
        let bare = BookingReference(prefix: "")
        #expect(bare.reference(orderID: 7, storeID: 3) == "7")
        #expect(bare.matches("7") && !bare.matches("BV-7"))
        #expect(BookingReference.isValidPrefix("K7Q") && !BookingReference.isValidPrefix("7KQ") && !BookingReference.isValidPrefix("k7q"))
        #expect((0..<50).allSatisfy { _ in BookingReference.isValidPrefix(BookingReference.generatePrefix()) })

        let setup = try BookingJobTests.Setup()
        try setup.database.setReferencePrefix("SHOP1", license: setup.connection.licenseKey, now: 2)
        let other = try setup.addShop(name: "Ander")
        #expect(throws: ReferencePrefixError.self) { try setup.database.setReferencePrefix("SHOP1", license: other.licenseKey, now: 2) }
        let renamed = try #require(try setup.database.connection(license: setup.connection.licenseKey))
        try setup.push(3, to: renamed)
        #expect(try setup.job.run(renamed).booked == 1)
        #expect(try setup.invoices(reference: "SHOP1-3") == 1)
        #expect(throws: ReferencePrefixError.self) { try setup.database.setReferencePrefix("SHOP2", license: renamed.licenseKey, now: 3) }
    }
}

extension ReferenceTests {
    /// Two connections from before prefixes (bare order numbers) cannot both book into one
    /// administration: `koppel ledger connect` refuses the second, and `connection list` warns
    /// about a pair that exists.
    @Test func connectionsWithTheSameReferencesCannotShareAnAdministration() throws {
        let setup = try BookingJobTests.Setup(bareReferences: true)
        let other = try setup.database.addConnection(name: "Tweede", shop: .opencart, ledger: .moneybird, now: 1)
        try setup.database.pool.write { db in
            try db.execute(sql: "UPDATE connection SET reference_prefix = '' WHERE id = ?", arguments: [other.id])
        }
        let sync = SyncIsolationTests()
        let refused = try sync.run(
            setup, ["ledger", "connect", other.licenseKey, "--administration", SandboxServer.administration, "--base-url", setup.sandbox.baseURL],
            input: "Token-For-Tests\n")
        #expect(refused.status != 0)
        #expect(refused.errors.contains("same references"), "\(refused.errors)")

        // With a prefix of its own it may.
        try setup.database.setReferencePrefix("TWEE", license: other.licenseKey, now: 2)
        let connected = try sync.run(
            setup, ["ledger", "connect", other.licenseKey, "--administration", SandboxServer.administration, "--base-url", setup.sandbox.baseURL],
            input: "Token-For-Tests\n")
        #expect(connected.status == 0, "\(connected.errors)")

        // A pair that shares references anyway (made before this check) is warned about.
        try setup.database.pool.write { db in
            try db.execute(sql: "UPDATE connection SET reference_prefix = '' WHERE id = ?", arguments: [other.id])
        }
        let list = try sync.run(setup, ["connection", "list"])
        #expect(list.output.contains("warning:") && list.output.contains("bare order numbers"), "\(list.output)")
    }
}

extension BookingJobTests.Setup {
    /// Another shop in the same koppel, booking into the same sandbox administration.
    func addShop(name: String) throws -> Connection {
        let shop = try database.addConnection(name: name, shop: .opencart, ledger: .moneybird, now: 1)
        _ = try database.setAPIKey("Shop!Key#For(Tests)=9", license: shop.licenseKey, sealer: sealer, now: 1)
        let settings = try #require(try database.latestSettings(connectionID: connection.id))
        _ = try database.storeSettings(
            canonicalJSON: Data(settings.utf8), connectionID: shop.id,
            signature: AcceptedSignature(bytes: Data(UUID().uuidString.utf8), expiresAt: 9), now: 1)
        try database.setBookingConfiguration(try database.bookingConfiguration(connectionID: connection.id), connectionID: shop.id, now: 1)
        let access = try #require(try database.ledgerAccess(connectionID: connection.id))
        let tokens = try JSONEncoder().encode(MoneybirdOAuth.Tokens(accessToken: SandboxServer.token, refreshToken: nil, expiresAt: nil))
        try database.setLedgerAccess(
            connection: shop, baseURL: access.baseURL, administrationID: access.administrationID, tokensJSON: tokens,
            settingsJSON: try #require(access.settingsJSON), sealer: sealer, now: 1)
        return shop
    }

    func reconcileJob() -> ReconcileJob {
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        return ReconcileJob(
            database: database,
            ledgers: LedgerFactory(database: database, sealer: sealer, budgets: RateBudgets(limit: 100_000, windowSeconds: 300)),
            reportsDirectory: folder.appendingPathComponent("reports").path, logger: logger, clock: { Int64(Date().timeIntervalSince1970) })
    }
}
