import ArgumentParser
import Foundation
import GRDB
import KoppelCore
import KoppelHTTP
import KoppelStore
import Ledger
import Minox

/// Fills the Minox sandbox and a koppel database with the same `count` journal entries, as koppel
/// books an order into Minox (a debtor line, a revenue line and a VAT line per rate), one in 1,000
/// two cents higher in the database; for `scripts/bench-reconcile --ledger minox`. Prints the
/// connection's license key.
struct MinoxReconcileSeed: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "minox-reconcile-seed", abstract: "Seed the Minox sandbox and a database for the reconcile benchmark.")

    @Option var sandbox: String
    @Option var token: String
    @Option var tenant: String
    @Option var administration: String
    @Option var database: String
    @Option var masterKey: String
    @Option var bookings = 100_000
    @Option(help: "Customers the bookings are spread over.") var customers = 1_000

    /// The sandbox's VAT codes (21 %, 9 %) and revenue accounts (docs/minox.md "The sandbox").
    static let vat21 = "1", vat9 = "2"

    func run() throws {
        CurlHTTPClient.globalInit()
        let debtors = try importCustomers()
        let store = try KoppelDatabase(path: database)
        let sealer = SecretSealer(masterKey: try MasterKey.forSealing(at: masterKey, in: store))
        let connection = try store.addConnection(name: "Reconcile bench", shop: .opencart, ledger: .minox, now: 1)
        try store.setLedgerAccess(
            connection: connection, baseURL: sandbox, administrationID: try MinoxProvider().administrationID(tenant: tenant, administration: administration),
            tokensJSON: try JSONEncoder().encode(LedgerTokens(accessToken: token, refreshToken: nil, expiresAt: nil)),
            settingsJSON: String(decoding: try JSONEncoder().encode(MinoxSettings(journalID: "VK")), as: UTF8.self), sealer: sealer, now: 1)

        for start in stride(from: 0, to: bookings, by: 1_000) {
            let indices = start..<min(start + 1_000, bookings)
            let ids = indices.map { _ in UUID().uuidString.lowercased() }
            let batches = indices.enumerated().map { offset, index in
                #"{"id": "\#(ids[offset])", "lines": \#(Self.entry(index, debtor: debtors[index % debtors.count]))}"#
            }
            let response = try post("/sandbox/transaction_line_batch/import", #"{"batches": [\#(batches.joined(separator: ","))]}"#)
            guard response.status == 201 else { throw ValidationError("import refused: \(response.text.prefix(300))") }
            try seedBooked(store, connection, indices, ids: ids)
        }
        print(connection.licenseKey)
    }

    /// The entry's lines as `MinoxJournalEntry` makes them for a paid-in-the-shop order of two lines.
    static func entry(_ index: Int, debtor: Int) -> String {
        let lines = ReconcileSeed.lines(index)
        let date = ReconcileSeed.date(index)
        let net21 = lines[0].euros * 100, net9 = lines[1].euros * 100
        let vat21 = lines[0].euros * 21, vat9 = lines[1].euros * 9
        func money(_ cents: Int64) -> String { String(format: "%lld.%02lld", cents / 100, cents % 100) }
        func line(_ account: String?, _ type: String, debit: Int64, credit: Int64, vat: (String, Int64)?, _ description: String) -> String {
            let accountJSON = account.map { #""account": {"id": "\#($0)", "scheme": "MINOX", "type": "\#(type)"}, "# } ?? ""
            let vatJSON = vat.map { #", "vat": {"id": \#($0.0), "amount": \#(money($0.1))}"# } ?? ""
            return #"{"journal": {"id": "VK"}, \#(accountJSON)"debit": \#(money(debit)), "credit": \#(money(credit)), "document_date": "\#(date)", "description": "\#(description)", "invoice_number": \#(index + 1)\#(vatJSON)}"#
        }
        return "[" + [
            line(String(debtor), "customer", debit: net21 + net9 + vat21 + vat9, credit: 0, vat: nil, "\(index + 1)"),
            line("8000", "ledger_account", debit: 0, credit: net21, vat: (Self.vat21, 0), "item"),
            line("8010", "ledger_account", debit: 0, credit: net9, vat: (Self.vat9, 0), "item"),
            line(nil, "", debit: 0, credit: vat21, vat: (Self.vat21, vat21), "21% BTW"),
            line(nil, "", debit: 0, credit: vat9, vat: (Self.vat9, vat9), "9% BTW"),
        ].joined(separator: ",") + "]"
    }

    /// The booked side as the booking job keeps it for Minox: created (its only step), the batch's uuid
    /// as the ledger id.
    private func seedBooked(_ store: KoppelDatabase, _ connection: Connection, _ indices: Range<Int>, ids: [String]) throws {
        let encoder = JSONEncoder()
        try store.pool.write { db in
            for (offset, index) in indices.enumerated() {
                let flow = BookingFlow(phase: .booked, trail: LedgerTrail(documentID: ids[offset], done: [.create]), plan: [.create])
                let orderID = Int64(index + 1)
                let lines = ReconcileSeed.lines(index)
                let vat21 = lines[0].euros * 21, vat9 = lines[1].euros * 9
                let off: Int64 = index % 1_000 == 999 ? 2 : 0
                let net = (lines[0].euros + lines[1].euros) * 100
                let date = ReconcileSeed.date(index)
                try db.execute(
                    sql: """
                        INSERT INTO shop_order (id, connection_id, order_reference, store_id, version, content_digest, order_status,
                            total, currency_code, date_added, state, received_at, updated_at, examined_version, ledger_id, flow)
                        VALUES (?, ?, CAST(? AS TEXT), 0, 1, x'00', '5', ?, 'EUR', ?, 'booked', 1, 1, 1, ?, ?)
                        """,
                    arguments: [orderID, connection.id, orderID, Cents(net + vat21 + vat9 + off).description, date, ids[offset], String(decoding: try encoder.encode(flow), as: UTF8.self)])
                try db.execute(
                    sql: """
                        INSERT INTO booked_document (order_id, connection_id, reference, ledger_id, order_version, booking_date,
                            booked_at, gross, net, vat, customer_name, customer_email, customer_street, customer_postcode,
                            customer_city, customer_country, customer_vat_number)
                        VALUES (?, ?, ?, ?, 1, ?, ?, ?, ?, ?, ?, ?, 'Kerkstraat 1', '1234 AB', 'Utrecht', 'NL', '')
                        """,
                    arguments: [
                        orderID, connection.id, "\(orderID)", ids[offset], date, Int64(Date().timeIntervalSince1970),
                        net + vat21 + vat9 + off, net + off, VATByCodeText.encode([Self.vat21: Cents(vat21), Self.vat9: Cents(vat9)]),
                        "Klant \(index % customers)", "klant\(index % customers)@example.nl",
                    ])
            }
        }
    }

    /// Debtor numbers as the sandbox assigns them.
    private func importCustomers() throws -> [Int] {
        var ids: [Int] = []
        for start in stride(from: 0, to: customers, by: 1_000) {
            let bodies = (start..<min(start + 1_000, customers)).map { number in
                #"{"addresses": [{"name": "Klant \#(number)", "contact_name": "Klant \#(number)", "email_addresses": [{"email_address": "klant\#(number)@example.nl"}], "streetname_and_number": "Kerkstraat 1", "postal_code": "1234 AB", "city": "Utrecht", "country_code": "NL"}]}"#
            }
            let response = try post("/sandbox/customer/import", #"{"customers": [\#(bodies.joined(separator: ","))]}"#)
            guard let found = (try JSONSerialization.jsonObject(with: response.body) as? [String: Any])?["ids"] as? [Int], found.count == bodies.count
            else { throw ValidationError("customer import refused: \(response.text.prefix(300))") }
            ids += found
        }
        return ids
    }

    private func post(_ path: String, _ json: String) throws -> HTTPResponse {
        try CurlHTTPClient().perform(HTTPRequest(
            method: "POST", url: sandbox + path, headers: [("Content-Type", "application/json")], body: Data(json.utf8), timeout: 300))
    }
}

/// The requests a Minox reconcile of the year makes, the bodies thrown away: the open items, each
/// month's lines, the customer list. The floor any reconcile stands on, measured in the same run.
struct MinoxReadPages: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "minox-read-pages", abstract: "Read what a Minox reconcile reads, nothing else.")

    @Option var sandbox: String
    @Option var token: String
    @Option var tenant: String
    @Option var administration: String
    @Option var year: Int

    func run() throws {
        CurlHTTPClient.globalInit()
        let client = try CurlHTTPClient()
        let base = sandbox + "/api/1/tenant/\(tenant)/administration/\(administration)/"
        let paths = ["receivable?status=open"] + (1...12).map { "year/\(year)/transaction_lines?period=\($0)" }
            + ["customer"]
        var bytes = 0
        for path in paths {
            let response = try client.perform(HTTPRequest(url: base + path, headers: [("Authorization", "Bearer \(token)")]))
            guard response.status == 200 else { throw ValidationError("\(path): \(response.status)") }
            bytes += response.body.count
        }
        print("requests \(paths.count), bytes \(bytes)")
    }
}
