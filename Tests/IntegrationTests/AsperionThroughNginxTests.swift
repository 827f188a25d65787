import Foundation
import GRDB
import KoppelCore
import KoppelHTTP
import KoppelStore
import Testing

/// OpenCart → Asperion end to end: orders pushed signed through nginx into koppel-fcgi, `koppel sync`
/// lists them in the day's file in the outbox beside the database, and a sync after the next day's run
/// hour (the same binary under faketime) delivers the file once to the Asperion sandbox, which imports
/// each order as a concept invoice that the reconciler reads back.
@Suite(.serialized)
struct AsperionThroughNginxTests {
    /// A stack whose connection books into Asperion: orders pushed, the license code connected, mapped,
    /// and cash on delivery mapped to Asperion's REMBOURS.
    static func connectedStack(_ sandbox: AsperionSandboxProcess) throws -> Stack {
        let stack = try Stack(ledger: .asperion)
        let rows = try JSONDecoder().decode(
            SettingsRowsForTests.self, from: Data(contentsOf: Samples.folder.appendingPathComponent("opencart3-settings.json")))
        #expect(try stack.send("POST", "/api/v1/settings", body: rows.body).status == 200)
        #expect(try stack.send("POST", "/api/v1/orders", body: try Samples.batchBody(Samples.openCart3)).status == 200)
        let connected = try runProgram(
            "koppel", ["ledger", "connect", stack.license, "--base-url", sandbox.baseURL, "--administration", AsperionSandboxProcess.tenant],
            input: AsperionSandboxProcess.license + "\n", environment: stack.environment)
        #expect(connected.status == 0, "\(connected.errors)")
        let mapped = try runProgram("koppel", ["ledger", "map", stack.license, "--statuses", "2,3,5"], environment: stack.environment)
        #expect(mapped.status == 0, "\(mapped.errors)")
        let configured = try runProgram("koppel", ["config", "ledger", stack.license, "payment_codes=cod=REMBOURS"], environment: stack.environment)
        #expect(configured.status == 0, "\(configured.errors)")
        #expect(!(connected.output + connected.errors + mapped.output + mapped.errors).contains(AsperionSandboxProcess.license))
        return stack
    }

    /// Two days ahead (faketime): past the run hour (02:00 by default) of the day after any order
    /// listed now, whatever the hour is now.
    static let twoDaysAhead = "+2d"

    static func outbox(_ stack: Stack) -> URL {
        stack.folder.appendingPathComponent("outbox/asperion-\(AsperionSandboxProcess.tenant)", isDirectory: true)
    }

    /// Orders whose booking is done: for Asperion, in a delivered file.
    static func booked(_ stack: Stack) throws -> Int {
        try stack.database.pool.read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM shop_order WHERE state = 'booked'") ?? -1
        }
    }

    /// 02:00 in Amsterdam on the day after `day`, as the command line shows a time of another day
    /// (the machine's time zone).
    static func runHour(after day: String) throws -> String {
        var amsterdam = Calendar(identifier: .gregorian)
        amsterdam.timeZone = try #require(TimeZone(identifier: "Europe/Amsterdam"))
        let parts = day.split(separator: "-").compactMap { Int($0) }
        let start = try #require(amsterdam.date(from: DateComponents(year: parts[0], month: parts[1], day: parts[2])))
        let next = try #require(amsterdam.date(byAdding: .day, value: 1, to: start))
        let close = try #require(amsterdam.date(bySettingHour: 2, minute: 0, second: 0, of: next))
        let format = DateFormatter()
        format.locale = Locale(identifier: "en_US_POSIX")
        format.timeZone = .current
        format.dateFormat = "yyyy-MM-dd HH:mm"
        return format.string(from: close)
    }

    @Test func theDaysOrdersAreListedInOneRunDeliveredOnceAfterTheRunHourAndReconcileClean() throws {
        let sandbox = try AsperionSandboxProcess()
        let stack = try Self.connectedStack(sandbox)
        let expected = try FactuursturenThroughNginxTests.expected(stack)

        // Today: every booked order goes into today's list in one run; none is delivered yet, and the
        // run ends well (waiting for the day to close is no failure).
        let today = try runProgram("koppel", ["sync"], environment: stack.environment)
        #expect(today.status == 0, "\(today.output) \(today.errors)")
        let lists = try FileManager.default.contentsOfDirectory(atPath: Self.outbox(stack).path).filter { $0.hasSuffix(".orders.json") }
        #expect(lists.count == 1, "\(lists)")
        let day = String(try #require(lists.first).prefix(10))
        let list = try String(contentsOf: Self.outbox(stack).appendingPathComponent("\(day).orders.json"), encoding: .utf8)
        for order in expected { #expect(list.contains("\"\(order.reference)\""), "\(order.reference) in \(list)") }
        #expect(try sandbox.requests(AsperionSandboxProcess.uploads) == 0)
        #expect(try Self.booked(stack) == 0)
        // They wait for the run hour, and say so: the last is booked when the day's file is delivered.
        let waiting = try runProgram("koppel", ["orders", "list", "--connection", stack.license], environment: stack.environment)
        let delivery = try Self.runHour(after: day)
        #expect(
            waiting.output.contains("\(expected.count) orders wait to be booked; the last around \(delivery)"),
            "\(waiting.output) \(waiting.errors)")

        // The owner's Open tab says the same in Dutch.
        let web = try KoppelWebProcess(stack)
        defer { withExtendedLifetime(web) {} }
        try stack.addUser(DashboardConfigurationTests.owner, password: DashboardConfigurationTests.password, licenses: [stack.license])
        var client = DashboardClient(stack)
        #expect(try client.login(DashboardConfigurationTests.owner, DashboardConfigurationTests.password).status == 200)
        let open = try answerObject(try client.call("GET", "connections/\(stack.license)/open"))
        // The shop's pending order is open as well, for its status.
        let rows = try #require(open["orders"] as? [[String: Any]], "\(open)").filter { $0["state"] as? String == "waiting" }
        #expect(rows.count == expected.count, "\(open)")
        let dutchDay = day.split(separator: "-").reversed().map { String(Int($0) ?? 0) }.joined(separator: "-")
        for row in rows {
            #expect((row["reason"] as? String ?? "").hasPrefix("De bestelling gaat mee in het bestand van vandaag"), "\(row)")
            #expect((row["detail"] as? String ?? "").hasPrefix("Staat in het bestand van \(dutchDay) voor Asperion"), "\(row)")
        }

        // After the run hour of the day after: the file is made, delivered and imported, once.
        for _ in 0..<2 {
            let later = try runProgram("koppel", ["sync"], environment: stack.environment, clockAhead: Self.twoDaysAhead)
            #expect(later.status == 0, "\(later.output) \(later.errors)")
        }
        #expect(try sandbox.requests(AsperionSandboxProcess.uploads) == 1)
        #expect(try sandbox.deliveredFiles() == ["\(day).xml": "imported"])
        #expect(FileManager.default.fileExists(atPath: Self.outbox(stack).appendingPathComponent("\(day).delivered").path))
        let file = try Data(contentsOf: Self.outbox(stack).appendingPathComponent("\(day).xml"))
        #expect(try sandbox.file("\(day).xml") == file, "the delivered bytes are the outbox's file")
        #expect(try Self.booked(stack) == expected.count)

        // Asperion's concept invoices: one per order, to the cent, the payment code mapped.
        let invoices = try sandbox.invoices().sorted { $0.description < $1.description }
        #expect(invoices.count == expected.count, "\(invoices)")
        for (invoice, order) in zip(invoices, expected) {
            #expect(invoice.description.contains(order.reference), "\(invoice)")
            #expect(invoice.gross == order.gross, "\(invoice)")
            #expect(invoice.vat == order.vat, "\(invoice)")
            #expect(invoice.paymentCode == "REMBOURS", "\(invoice)")
        }

        let (first, last) = try MinoxThroughNginxTests.dates()
        let reconcile = try runProgram(
            "koppel", ["reconcile", "--no-mail", "--connection", stack.license, "--from", first, "--to", last,
             "--reports", stack.folder.appendingPathComponent("reports").path],
            environment: stack.environment, clockAhead: Self.twoDaysAhead)
        #expect(reconcile.status == 0, "\(reconcile.errors)")
        #expect(reconcile.output.contains("Geen afwijkingen: alle boekingen kloppen met de bestellingen."), "\(reconcile.output)")
        #expect(!(reconcile.output + reconcile.errors).contains(AsperionSandboxProcess.license))
    }
}
