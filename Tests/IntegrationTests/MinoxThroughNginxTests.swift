import Foundation
import GRDB
import KoppelCore
import KoppelHTTP
import KoppelStore
import OpenCart
import Testing

/// OpenCart → Minox end to end: orders pushed signed through nginx into koppel-fcgi, `koppel
/// sync` books them into the Minox sandbox over HTTP, and Minox's own lines are read back.
@Suite(.serialized)
struct MinoxThroughNginxTests {
    /// Orders 1 and 3 of the OpenCart 3 fixtures have a booked status (2, 3 or 5).
    static let booked = ["opencart3-order-1.json", "opencart3-order-3.json"]
    /// The sandbox's VAT codes per rate (docs/minox.md "The sandbox").
    static let codes = [2100: "1", 900: "2", 0: "3"]

    /// A stack whose connection books into Minox, its orders pushed and the ledger connected and mapped.
    static func connectedStack(_ sandbox: MinoxSandboxProcess) throws -> Stack {
        let stack = try Stack(ledger: .minox)
        let rows = try JSONDecoder().decode(
            SettingsRowsForTests.self, from: Data(contentsOf: Samples.folder.appendingPathComponent("opencart3-settings.json")))
        #expect(try stack.send("POST", "/api/v1/settings", body: rows.body).status == 200)
        #expect(try stack.send("POST", "/api/v1/orders", body: try Samples.batchBody(Samples.openCart3)).status == 200)
        let connected = try runProgram(
            "koppel",
            ["ledger", "connect", stack.license, "--base-url", sandbox.baseURL, "--tenant", MinoxSandboxProcess.tenant,
             "--administration", MinoxSandboxProcess.administration],
            input: MinoxSandboxProcess.token + "\n", environment: stack.environment)
        #expect(connected.status == 0, "\(connected.errors)")
        let mapped = try runProgram("koppel", ["ledger", "map", stack.license, "--statuses", "2,3,5"], environment: stack.environment)
        #expect(mapped.status == 0, "\(mapped.errors)")
        #expect(!(connected.output + connected.errors + mapped.output + mapped.errors).contains(MinoxSandboxProcess.token))
        return stack
    }

    /// What the shop charged, per order: its reference as koppel books it, gross, VAT per Minox code.
    static func expected(_ stack: Stack) throws -> [MinoxSandboxProcess.Entry] {
        let connection = try #require(try stack.database.connection(license: stack.license))
        let settings = try JSONDecoder().decode(
            SettingsRows.self, from: Data(contentsOf: Samples.folder.appendingPathComponent("opencart3-settings.json"))).shopSettings()
        return try booked.map { name in
            let order = try JSONDecoder().decode(OrderRows.self, from: Data(contentsOf: Samples.folder.appendingPathComponent(name)))
                .pushedOrder()
            let document = order.booking(settings: settings).document
            var vat: [String: Cents] = [:]
            for total in document.vatTotals where !total.vat.isZero {
                vat[try #require(codes[total.rate.basisPoints]), default: .zero] += total.vat
            }
            return MinoxSandboxProcess.Entry(
                description: connection.bookingReference.reference(orderID: order.orderID, storeID: order.storeID),
                gross: document.grossTotal, vatByCode: vat)
        }.sorted { $0.description < $1.description }
    }

    /// `koppel sync` until every booked order is booked: a lost answer is retried after its backoff (5 s).
    /// - Parameter clean: every run must succeed (no call failed).
    static func syncUntilBooked(_ stack: Stack, orders: Int, clean: Bool) throws -> [String] {
        var outputs: [String] = []
        let deadline = Date().addingTimeInterval(90)
        while Date() < deadline {
            let sync = try runProgram("koppel", ["sync"], environment: stack.environment)
            if clean { #expect(sync.status == 0, "\(sync.output) \(sync.errors)") }
            outputs.append(sync.output + sync.errors)
            let count = try stack.database.pool.read { db in
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM booked_document")
            }
            if count == orders { return outputs }
            Thread.sleep(forTimeInterval: 2)
        }
        throw StackError(description: "not booked within 90 s: \(outputs)")
    }

    /// The booked orders' dates, first and last.
    static func dates() throws -> (first: String, last: String) {
        let settings = try JSONDecoder().decode(
            SettingsRows.self, from: Data(contentsOf: Samples.folder.appendingPathComponent("opencart3-settings.json"))).shopSettings()
        let dates = try booked.map { name in
            try JSONDecoder().decode(OrderRows.self, from: Data(contentsOf: Samples.folder.appendingPathComponent(name)))
                .pushedOrder().booking(settings: settings).document.orderDate
        }.sorted()
        return (dates[0], dates[dates.count - 1])
    }

    static func year() throws -> Int {
        let (first, last) = try dates()
        #expect(first.prefix(4) == last.prefix(4), "the fixtures' orders are of one year")
        return try #require(Int(first.prefix(4)))
    }

    static func emails() throws -> [String] {
        try booked.map { name in
            try JSONDecoder().decode(OrderRows.self, from: Data(contentsOf: Samples.folder.appendingPathComponent(name))).pushedOrder()
                .customer.email.lowercased()
        }
    }

    @Test func openCartOrdersBecomeOneMinoxEntryEachEqualToTheCent() throws {
        let sandbox = try MinoxSandboxProcess()
        let stack = try Self.connectedStack(sandbox)
        #expect(try sandbox.call("POST", "\(sandbox.baseURL)/sandbox/stats/reset", authorized: false).status == 200)
        _ = try Self.syncUntilBooked(stack, orders: Self.booked.count, clean: true)
        let requests = try sandbox.requestCount()
        let entries = try sandbox.entries(year: try Self.year())
        #expect(entries.count == Self.booked.count, "\(entries)")
        #expect(entries.values.sorted { $0.description < $1.description } == (try Self.expected(stack)))
        // Both orders are of one customer: 3 for the first (by_email, POST customer, PUT batch), 1 for
        // the second (the contact directory knows the customer: PUT batch).
        #expect(Set(try Self.emails()).count == 1)
        #expect(requests == 3 + 1, "requests: \(requests)")
        print("Minox through koppel sync: \(requests) requests for \(Self.booked.count) orders")

        // The reconciler reads the entries back and finds them all as booked.
        let reports = stack.folder.appendingPathComponent("reports")
        #expect(try sandbox.call("POST", "\(sandbox.baseURL)/sandbox/stats/reset", authorized: false).status == 200)
        let reconcile = try runProgram(
            "koppel", ["reconcile", "--no-mail", "--connection", stack.license, "--from", try Self.dates().first, "--to", try Self.dates().last,
             "--reports", reports.path],
            environment: stack.environment)
        #expect(reconcile.status == 0, "\(reconcile.errors)")
        #expect(reconcile.output.contains("Geen afwijkingen: alle boekingen kloppen met de bestellingen."), "\(reconcile.output)")
        #expect(reconcile.output.contains("Vergeleken: 2 geboekte bestellingen, 2 boekingen in Minox"), "\(reconcile.output)")
        #expect(reconcile.output.contains("(verschil € 0,00)"), "\(reconcile.output)")
        // The access check is one small answer (the journals), not this and last year's lines; the
        // lines are read once per month of the period.
        let stats = try JSONSerialization.jsonObject(
            with: try sandbox.call("GET", "\(sandbox.baseURL)/sandbox/stats", authorized: false).body) as? [String: Any]
        let endpoints = try #require(stats?["endpoints"] as? [String: Int])
        let (first, last) = try Self.dates()
        func month(_ date: String) throws -> Int {
            let year: Int = try #require(Int(date.prefix(4)))
            let month: Int = try #require(Int(date.dropFirst(5).prefix(2)))
            return year * 12 + month
        }
        let months = try month(last) - month(first) + 1
        #expect(endpoints["GET /journal"] == 1, "\(endpoints)")
        #expect(endpoints["GET /year/{year}/transaction_lines"] == months, "\(endpoints)")
    }

    @Test func aPutWhoseAnswerIsLostBooksEachOrderExactlyOnce() throws {
        let sandbox = try MinoxSandboxProcess()
        let stack = try Self.connectedStack(sandbox)
        // Minox stores the entry, the answer never arrives: for both orders.
        let faults = #"{"rules": [{"endpoint": "PUT /transaction_line_batch/{uuid}", "fault": "commit_then_drop", "count": 2}]}"#
        #expect(try sandbox.call("POST", "\(sandbox.baseURL)/sandbox/faults", json: faults, authorized: false).status == 200)
        let outputs = try Self.syncUntilBooked(stack, orders: Self.booked.count, clean: false)
        #expect(outputs.count > 1, "the lost answers were settled by a later run: \(outputs)")
        // Settled by uuid: no year of lines was read to find them.
        let stats = try JSONSerialization.jsonObject(
            with: try sandbox.call("GET", "\(sandbox.baseURL)/sandbox/stats", authorized: false).body) as? [String: Any]
        let endpoints = try #require(stats?["endpoints"] as? [String: Int])
        #expect(endpoints.keys.filter { $0.contains("transaction_lines") }.isEmpty, "\(endpoints)")
        #expect(endpoints["GET /transaction_line_batch/{uuid}"] == Self.booked.count, "\(endpoints)")
        #expect(endpoints["PUT /transaction_line_batch/{uuid}"] == Self.booked.count, "\(endpoints)")
        let entries = try sandbox.entries(year: try Self.year())
        #expect(entries.count == Self.booked.count, "\(entries)")
        #expect(entries.values.sorted { $0.description < $1.description } == (try Self.expected(stack)))
    }

    /// The OAuth exchange through the command line, as a person connects a real administration:
    /// `authorize` prints Minox's address, Minox sends the browser back with a code, `exchange` stores
    /// the tokens with the tenant, administration and journal; an access token Minox stopped
    /// honouring is refreshed by `koppel sync` itself.
    @Test func authorizeExchangeAndRefreshThroughTheCommandLine() throws {
        let sandbox = try MinoxSandboxProcess()
        let stack = try Stack(ledger: .minox)
        let rows = try JSONDecoder().decode(
            SettingsRowsForTests.self, from: Data(contentsOf: Samples.folder.appendingPathComponent("opencart3-settings.json")))
        #expect(try stack.send("POST", "/api/v1/settings", body: rows.body).status == 200)
        #expect(try stack.send("POST", "/api/v1/orders", body: try Samples.batchBody(Samples.openCart3)).status == 200)
        let secretFile = stack.folder.appendingPathComponent("minox-secret")
        try Data("koppel-minox-secret\n".utf8).write(to: secretFile)
        let environment = stack.environment.merging([
            "KOPPEL_MINOX_CLIENT_ID": "koppel-minox-client", "KOPPEL_MINOX_CLIENT_SECRET_FILE": secretFile.path,
            "KOPPEL_MINOX_REDIRECT_URI": "https://koppel.example.nl/minox",
        ]) { _, new in new }

        let authorize = try runProgram(
            "koppel", ["ledger", "authorize", stack.license, "--base-url", sandbox.baseURL, "--state", "s1"], environment: environment)
        #expect(authorize.status == 0, "\(authorize.errors)")
        let address = authorize.output.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(address.hasPrefix(sandbox.baseURL + "/oauth/authorize?"), "\(address)")
        let approved = try sandbox.call("GET", address, authorized: false)
        #expect(approved.status == 302)
        let location = try #require(approved.header("location").flatMap { URLComponents(string: $0) })
        #expect(location.host == "koppel.example.nl")
        let code = try #require(location.queryItems?.first { $0.name == "code" }?.value)

        let exchanged = try runProgram(
            "koppel",
            // The tenant and administration are chosen after connecting: the sandbox's token reaches one.
            ["ledger", "exchange", stack.license, "--base-url", sandbox.baseURL, "--journal", "VK"],
            input: code + "\n", environment: environment)
        #expect(exchanged.status == 0, "\(exchanged.errors)")
        #expect(exchanged.output.contains("Minox connected"), "\(exchanged.output)")
        #expect(exchanged.output.contains("administration 100001/1 Koppel Demo B.V."), "\(exchanged.output)")
        let mapped = try runProgram("koppel", ["ledger", "map", stack.license, "--statuses", "2,3,5"], environment: environment)
        #expect(mapped.status == 0, "\(mapped.errors)")

        // Minox stops honouring the access token before its hour is over.
        #expect(try sandbox.call("POST", "\(sandbox.baseURL)/sandbox/oauth/expire", authorized: false).status == 200)
        let sync = try runProgram("koppel", ["sync"], environment: environment)
        #expect(sync.status == 0, "\(sync.output) \(sync.errors)")
        #expect(sync.output.contains("booked 2"), "\(sync.output)")
        #expect(try sandbox.entries(year: try Self.year()).count == Self.booked.count)
        #expect(!(authorize.output + exchanged.output + exchanged.errors + sync.output + sync.errors).contains("koppel-minox-secret"))
    }
}
