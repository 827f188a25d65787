import Foundation
import GRDB
import KoppelCore
import KoppelHTTP
import KoppelStore
import Testing

/// An OpenCart order booked into Minox and cancelled afterwards: a newer version with a cancel
/// status pushed signed through nginx, `koppel sync` books one reversing entry (the sale's lines,
/// debit and credit swapped) in the sandbox over HTTP, exactly once, and the reconciler pairs it
/// with the sale.
@Suite(.serialized)
struct MinoxCreditTests {
    /// The fixtures' shop calls status 7 Canceled; order 1 was placed on 2026-11-22.
    static let cancelDay = "2026-11-25"

    static func stack(_ sandbox: MinoxSandboxProcess) throws -> Stack {
        let stack = try MinoxThroughNginxTests.connectedStack(sandbox)
        let statuses = try runProgram(
            "koppel", ["config", "statuses", stack.license, "2,3,5", "--cancelled", "7"], environment: stack.environment)
        #expect(statuses.status == 0, "\(statuses.errors)")
        return stack
    }

    /// Order 1 pushed again, cancelled on `cancelDay`.
    static func cancelOrderOne(_ stack: Stack) throws {
        var order = try Samples.orderObject("opencart3-order-1.json")
        order["order_status_id"] = 7
        order["date_modified"] = "\(cancelDay) 10:15:00"
        var history = try #require(order["history"] as? [[String: Any]])
        history.append(["order_status_id": 7, "date_added": "\(cancelDay) 10:15:00", "comment": "geannuleerd"])
        order["history"] = history
        let body = try JSONSerialization.data(withJSONObject: ["orders": [order]])
        #expect(try stack.send("POST", "/api/v1/orders", body: body).status == 200)
    }

    /// Every line of 2026 as the sandbox holds it.
    static func lines(_ sandbox: MinoxSandboxProcess) throws -> [[String: Any]] {
        let response = try sandbox.call("GET", "\(sandbox.api)/year/2026/transaction_lines")
        #expect(response.status == 200)
        let list = try #require(try JSONSerialization.jsonObject(with: response.body) as? [String: Any])
        return try #require(list["collection"] as? [[String: Any]])
    }

    static func endpoints(_ sandbox: MinoxSandboxProcess) throws -> [String: Int] {
        let stats = try JSONSerialization.jsonObject(
            with: try sandbox.call("GET", "\(sandbox.baseURL)/sandbox/stats", authorized: false).body) as? [String: Any]
        return try #require(stats?["endpoints"] as? [String: Int])
    }

    /// The reversing entry of order 1 against its sale: same journal, same accounts and VAT codes,
    /// every amount on the other side, dated the day of the cancellation, the order number marked.
    static func expectReversal(_ sandbox: MinoxSandboxProcess, _ stack: Stack) throws {
        let entries = try sandbox.entries(year: 2026)
        #expect(entries.count == 3, "\(entries)")
        let connection = try #require(try stack.database.connection(license: stack.license))
        let reference = connection.bookingReference.reference(orderID: 1, storeID: 0)
        let sale = try #require(try MinoxThroughNginxTests.expected(stack).first { $0.description == reference })
        let credits = entries.filter { $0.value.description == sale.description + " creditering" }
        #expect(credits.count == 1, "\(entries)")
        let (creditID, credit) = try #require(credits.first)
        #expect(credit.gross == -sale.gross)
        #expect(credit.vatByCode == sale.vatByCode, "the VAT codes and amounts of the sale, on the other side")
        let saleID = try #require(entries.first { $0.value.description == sale.description }?.key)

        let all = try lines(sandbox)
        let saleLines = all.filter { $0["batch_id"] as? String == saleID }
        let creditLines = all.filter { $0["batch_id"] as? String == creditID }
        #expect(creditLines.count == saleLines.count)
        func signature(_ line: [String: Any], swapped: Bool) -> String {
            let account = line["account"] as? [String: Any]
            let (debit, credit) = ("\(line["debit"] ?? "")", "\(line["credit"] ?? "")")
            return ["\(account?["id"] ?? "")", "\((line["journal"] as? [String: Any])?["id"] ?? "")",
                    swapped ? credit : debit, swapped ? debit : credit, "\((line["vat"] as? [String: Any])?["id"] ?? "")"]
                .joined(separator: "|")
        }
        #expect(saleLines.map { signature($0, swapped: true) }.sorted() == creditLines.map { signature($0, swapped: false) }.sorted())
        #expect(creditLines.allSatisfy { $0["document_date"] as? String == cancelDay }, "\(creditLines)")
    }

    static func reconcile(_ stack: Stack) throws -> ProgramRun {
        let reports = stack.folder.appendingPathComponent("reports")
        return try runProgram(
            "koppel", ["reconcile", "--no-mail", "--connection", stack.license, "--from", "2026-11-01", "--to", "2026-11-30",
                       "--reports", reports.path],
            environment: stack.environment)
    }

    @Test func aBookedOrderCancelledInTheShopGetsOneReversingEntryAndReconcilesClean() throws {
        let sandbox = try MinoxSandboxProcess()
        let stack = try Self.stack(sandbox)
        _ = try MinoxThroughNginxTests.syncUntilBooked(stack, orders: MinoxThroughNginxTests.booked.count, clean: true)
        #expect(try sandbox.entries(year: 2026).count == 2)

        try Self.cancelOrderOne(stack)
        let sync = try runProgram("koppel", ["sync"], environment: stack.environment)
        #expect(sync.status == 0, "\(sync.output) \(sync.errors)")
        try Self.expectReversal(sandbox, stack)

        // Credited once: a later run makes nothing more.
        let puts = try Self.endpoints(sandbox)["PUT /transaction_line_batch/{uuid}"]
        #expect(puts == 3)
        let again = try runProgram("koppel", ["sync"], environment: stack.environment)
        #expect(again.status == 0, "\(again.output) \(again.errors)")
        #expect(try Self.endpoints(sandbox)["PUT /transaction_line_batch/{uuid}"] == puts)
        #expect(try sandbox.entries(year: 2026).count == 3)

        let reconcile = try Self.reconcile(stack)
        #expect(reconcile.status == 0, "\(reconcile.errors)")
        #expect(reconcile.output.contains("Geen afwijkingen: alle boekingen kloppen met de bestellingen."), "\(reconcile.output)")
        #expect(reconcile.output.contains("(verschil € 0,00)"), "\(reconcile.output)")
    }

    @Test func aCreditWhoseAnswerIsLostIsSettledByOneLookUpAndMadeOnce() throws {
        let sandbox = try MinoxSandboxProcess()
        let stack = try Self.stack(sandbox)
        _ = try MinoxThroughNginxTests.syncUntilBooked(stack, orders: MinoxThroughNginxTests.booked.count, clean: true)
        #expect(try sandbox.call("POST", "\(sandbox.baseURL)/sandbox/stats/reset", authorized: false).status == 200)
        // Minox stores the credit entry, its answer never arrives.
        let faults = #"{"rules": [{"endpoint": "PUT /transaction_line_batch/{uuid}", "fault": "commit_then_drop", "count": 1}]}"#
        #expect(try sandbox.call("POST", "\(sandbox.baseURL)/sandbox/faults", json: faults, authorized: false).status == 200)

        try Self.cancelOrderOne(stack)
        var outputs: [String] = []
        let deadline = Date().addingTimeInterval(90)
        while Date() < deadline {
            let sync = try runProgram("koppel", ["sync"], environment: stack.environment)
            outputs.append(sync.output + sync.errors)
            // Settled: the cancelled version is examined and its credit done.
            let state = try stack.database.pool.read { db in
                try String.fetchOne(db, sql: "SELECT state FROM shop_order WHERE order_reference = '1' AND examined_version = version")
            }
            if state == "booked" { break }
            Thread.sleep(forTimeInterval: 2)
        }
        #expect(outputs.count > 1, "the lost answer was settled by a later run: \(outputs)")
        #expect(outputs.first?.contains("failed calls 1") == true, "\(outputs)")
        try Self.expectReversal(sandbox, stack)
        let endpoints = try Self.endpoints(sandbox)
        // One PUT (the credit), one GET of the sale to reverse it, one GET of the credit's uuid to settle it.
        #expect(endpoints["PUT /transaction_line_batch/{uuid}"] == 1, "\(endpoints)")
        #expect(endpoints["GET /transaction_line_batch/{uuid}"] == 2, "\(endpoints) \(outputs)")

        let reconcile = try Self.reconcile(stack)
        #expect(reconcile.status == 0, "\(reconcile.errors)")
        #expect(reconcile.output.contains("Geen afwijkingen: alle boekingen kloppen met de bestellingen."), "\(reconcile.output)")
    }
}
