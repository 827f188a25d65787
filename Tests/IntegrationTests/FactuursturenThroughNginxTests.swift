import Foundation
import KoppelCore
import KoppelHTTP
import KoppelStore
import OpenCart
import Testing

/// OpenCart → Factuursturen end to end: orders pushed signed through nginx into koppel-fcgi,
/// `koppel sync` books them into the Factuursturen sandbox over HTTP (HTTP Basic, numbers as
/// strings), and the sandbox's own invoices are read back.
@Suite(.serialized)
struct FactuursturenThroughNginxTests {
    /// A stack whose connection books into Factuursturen, its orders pushed and the ledger connected and mapped.
    static func connectedStack(_ sandbox: FactuursturenSandboxProcess) throws -> Stack {
        let stack = try Stack(ledger: .factuursturen)
        let rows = try JSONDecoder().decode(
            SettingsRowsForTests.self, from: Data(contentsOf: Samples.folder.appendingPathComponent("opencart3-settings.json")))
        #expect(try stack.send("POST", "/api/v1/settings", body: rows.body).status == 200)
        #expect(try stack.send("POST", "/api/v1/orders", body: try Samples.batchBody(Samples.openCart3)).status == 200)
        let connected = try runProgram(
            "koppel",
            ["ledger", "connect", stack.license, "--base-url", sandbox.baseURL, "--administration", FactuursturenSandboxProcess.username],
            input: FactuursturenSandboxProcess.credentials + "\n", environment: stack.environment)
        #expect(connected.status == 0, "\(connected.errors)")
        let mapped = try runProgram("koppel", ["ledger", "map", stack.license, "--statuses", "2,3,5"], environment: stack.environment)
        #expect(mapped.status == 0, "\(mapped.errors)")
        #expect(!(connected.output + connected.errors + mapped.output + mapped.errors).contains(FactuursturenSandboxProcess.apiKey))
        return stack
    }

    /// What the shop charged, per order: its reference as koppel books it, its date, gross and VAT.
    static func expected(_ stack: Stack) throws -> [(reference: String, date: String, gross: Cents, vat: Cents)] {
        let connection = try #require(try stack.database.connection(license: stack.license))
        let settings = try JSONDecoder().decode(
            SettingsRows.self, from: Data(contentsOf: Samples.folder.appendingPathComponent("opencart3-settings.json"))).shopSettings()
        return try MinoxThroughNginxTests.booked.map { name in
            let order = try JSONDecoder().decode(OrderRows.self, from: Data(contentsOf: Samples.folder.appendingPathComponent(name)))
                .pushedOrder()
            let document = order.booking(settings: settings).document
            return (connection.bookingReference.reference(orderID: order.orderID, storeID: order.storeID), document.orderDate,
                    document.grossTotal, document.vatTotal)
        }.sorted { $0.reference < $1.reference }
    }

    /// In the sandbox's default quirks (numbers and flags as strings, an unknown invoice answered with the
    /// whole list) and in the other ones (JSON numbers, 404), as the sources disagree (docs/factuursturen.md).
    @Test(arguments: [[String](), ["--factuursturen-numbers", "json", "--factuursturen-unknown", "not-found"]])
    func openCartOrdersBecomeOneInvoiceEachEqualToTheCentAndReconcileClean(quirks: [String]) throws {
        let sandbox = try FactuursturenSandboxProcess(arguments: quirks)
        let stack = try Self.connectedStack(sandbox)
        _ = try MinoxThroughNginxTests.syncUntilBooked(stack, orders: MinoxThroughNginxTests.booked.count, clean: true)
        let invoices = try sandbox.invoices().sorted { $0.reference < $1.reference }
        let expected = try Self.expected(stack)
        #expect(invoices.map(\.reference) == expected.map(\.reference), "\(invoices)")
        #expect(invoices.map(\.gross) == expected.map(\.gross), "\(invoices)")
        #expect(invoices.map(\.vat) == expected.map(\.vat), "\(invoices)")
        #expect(invoices.map(\.orderDate) == expected.map { "Besteldatum " + $0.date }, "\(invoices)")
        // One customer for both orders: found or made once, then remembered.
        let endpoints = try sandbox.endpoints()
        #expect(endpoints["POST /clients"] == 1, "\(endpoints)")
        #expect(endpoints["POST /invoices"] == MinoxThroughNginxTests.booked.count, "\(endpoints)")

        // The reconciler reads the invoices back by the order dates koppel wrote on them: the rates once
        // (the access check's answer serves the read-back too), then one page.
        let before = try sandbox.endpoints()
        let (first, last) = try MinoxThroughNginxTests.dates()
        let reconcile = try runProgram(
            "koppel", ["reconcile", "--no-mail", "--connection", stack.license, "--from", first, "--to", last,
             "--reports", stack.folder.appendingPathComponent("reports").path],
            environment: stack.environment)
        #expect(reconcile.status == 0, "\(reconcile.errors)")
        #expect(reconcile.output.contains("Geen afwijkingen: alle boekingen kloppen met de bestellingen."), "\(reconcile.output)")
        #expect(reconcile.output.contains("Vergeleken: 2 geboekte bestellingen, 2 boekingen in Factuursturen"), "\(reconcile.output)")
        #expect(reconcile.output.contains("(verschil € 0,00)"), "\(reconcile.output)")
        #expect(!(reconcile.output + reconcile.errors).contains(FactuursturenSandboxProcess.apiKey))
        let after = try sandbox.endpoints()
        #expect((after["GET /taxes"] ?? 0) - (before["GET /taxes"] ?? 0) == 1, "\(after)")
        #expect((after["GET /invoices"] ?? 0) - (before["GET /invoices"] ?? 0) == 1, "\(after)")
    }

    @Test func anInvoiceWhoseAnswerIsLostIsFoundBySearchAndNeverMadeTwice() throws {
        let sandbox = try FactuursturenSandboxProcess()
        let stack = try Self.connectedStack(sandbox)
        // Factuursturen makes the invoice, the answer never arrives: for both orders.
        let faults = #"{"rules": [{"endpoint": "POST /invoices", "fault": "commit_then_drop", "count": 2}]}"#
        #expect(try sandbox.call("POST", "/sandbox/faults", json: faults, authorized: false).status == 200)
        let outputs = try MinoxThroughNginxTests.syncUntilBooked(stack, orders: MinoxThroughNginxTests.booked.count, clean: false)
        #expect(outputs.count > 1, "the lost answers were settled by a later run: \(outputs)")
        let endpoints = try sandbox.endpoints()
        #expect(endpoints["POST /invoices"] == MinoxThroughNginxTests.booked.count, "\(endpoints)")
        #expect((endpoints["GET /search/invoices/{field}/{value}"] ?? 0) >= MinoxThroughNginxTests.booked.count, "\(endpoints)")
        let invoices = try sandbox.invoices()
        #expect(invoices.count == MinoxThroughNginxTests.booked.count, "\(invoices)")
        #expect(invoices.map(\.gross).sorted() == (try Self.expected(stack)).map(\.gross).sorted())
    }
}
