import ArgumentParser
import Foundation
import GRDB
import KoppelCore
import KoppelHTTP
import KoppelStore
import Moneybird

/// Fills koppel-sandbox and a koppel database with the same `count` bookings (one in 1,000 with a
/// two-cent difference, so that the run has something to report), for scripts/bench-reconcile.
/// Prints the connection's license key.
struct ReconcileSeed: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reconcile-seed", abstract: "Seed the sandbox and a database for the reconcile benchmark.")

    @Option var sandbox: String
    @Option var token: String
    @Option var administration: String
    @Option var database: String
    @Option var masterKey: String
    @Option var bookings = 100_000
    @Option(help: "Customers the bookings are spread over.") var customers = 1_000

    /// Whole euros, so that 21 % and 9 % VAT are exact cents on either side, however each rounds.
    static func lines(_ index: Int) -> [(euros: Int64, rate: Int64)] {
        [(Int64(10 + index % 90), 21), (Int64(1 + index % 7), 9)]
    }

    static func date(_ index: Int) -> String {
        CivilDate.day(20_454 + index % 327)  // 2026-01-01 onwards, within the year
    }

    func run() throws {
        CurlHTTPClient.globalInit()
        let rates = try taxRates()
        guard let rate21 = rates["21.0"], let rate9 = rates["9.0"] else { throw ValidationError("the sandbox has no 21 % and 9 % rates") }
        let contacts = try importContacts()

        let store = try KoppelDatabase(path: database)
        let sealer = SecretSealer(masterKey: try MasterKey.forSealing(at: masterKey, in: store))
        let connection = try store.addConnection(name: "Reconcile bench", shop: .opencart, ledger: .moneybird, now: 1)
        try store.setLedgerAccess(
            connection: connection, baseURL: sandbox, administrationID: administration,
            tokensJSON: try JSONEncoder().encode(MoneybirdOAuth.Tokens(accessToken: token, refreshToken: nil, expiresAt: nil)),
            settingsJSON: String(decoding: try JSONEncoder().encode(MoneybirdSettings()), as: UTF8.self), sealer: sealer, now: 1)

        for start in stride(from: 0, to: bookings, by: 1_000) {
            let indices = start..<min(start + 1_000, bookings)
            let invoices = indices.map { index -> String in
                let details = Self.lines(index).map { line in
                    #"{"description": "item", "price": "\#(line.euros).00", "tax_rate_id": "\#(line.rate == 21 ? rate21 : rate9)"}"#
                }
                return #"{"contact_id": "\#(contacts[index % contacts.count])", "reference": "\#(index + 1)", "invoice_date": "\#(Self.date(index))", "details_attributes": [\#(details.joined(separator: ","))]}"#
            }
            let response = try post("/sandbox/\(administration)/sales_invoices/import", #"{"state": "paid", "sales_invoices": [\#(invoices.joined(separator: ","))]}"#)
            let ids = (try JSONSerialization.jsonObject(with: response.body) as? [String: Any])?["ids"] as? [String] ?? []
            guard ids.count == indices.count else { throw ValidationError("import refused: \(response.text.prefix(300))") }
            try seedBooked(store, connection, indices, ids: ids, vat: (rate21, rate9))
        }
        print(connection.licenseKey)
    }

    /// The booked side as the booking job keeps it, written straight into the tables: each order
    /// booked paid (every step done), as the reconciler reads it to check for open balances.
    private func seedBooked(_ store: KoppelDatabase, _ connection: Connection, _ indices: Range<Int>, ids: [String], vat: (String, String)) throws {
        let encoder = JSONEncoder()
        try store.pool.write { db in
            for (offset, index) in indices.enumerated() {
                let flow = BookingFlow(
                    phase: .booked, trail: LedgerTrail(documentID: ids[offset], done: LedgerStep.allCases), plan: LedgerStep.allCases)
                let orderID = Int64(index + 1)
                let lines = Self.lines(index)
                let vat21 = lines[0].euros * 21, vat9 = lines[1].euros * 9
                // One booking in 1,000 was booked two cents higher than the ledger holds.
                let off: Int64 = index % 1_000 == 999 ? 2 : 0
                let net = (lines[0].euros + lines[1].euros) * 100
                try db.execute(
                    sql: """
                        INSERT INTO shop_order (id, connection_id, order_reference, store_id, version, content_digest, order_status,
                            total, currency_code, date_added, state, received_at, updated_at, examined_version, ledger_id, flow)
                        VALUES (?, ?, CAST(? AS TEXT), 0, 1, x'00', '5', ?, 'EUR', ?, 'booked', 1, 1, 1, ?, ?)
                        """,
                    arguments: [
                        orderID, connection.id, orderID, Cents(net + vat21 + vat9 + off).description, Self.date(index), ids[offset],
                        String(decoding: try encoder.encode(flow), as: UTF8.self),
                    ])
                try db.execute(
                    sql: """
                        INSERT INTO booked_document (order_id, connection_id, reference, ledger_id, order_version, booking_date,
                            booked_at, gross, net, vat, customer_name, customer_email, customer_street, customer_postcode,
                            customer_city, customer_country, customer_vat_number)
                        VALUES (?, ?, ?, ?, 1, ?, ?, ?, ?, ?, ?, ?, 'Kerkstraat 1', '1234 AB', 'Utrecht', 'NL', '')
                        """,
                    arguments: [
                        orderID, connection.id, "\(orderID)", ids[offset], Self.date(index), Int64(Date().timeIntervalSince1970),
                        net + vat21 + vat9 + off, net + off, VATByCodeText.encode([vat.0: Cents(vat21), vat.1: Cents(vat9)]),
                        "Klant \(index % customers)", "klant\(index % customers)@example.nl",
                    ])
            }
        }
    }

    private func importContacts() throws -> [String] {
        let contacts = (0..<customers).map { number in
            #"{"firstname": "Klant", "lastname": "\#(number)", "send_invoices_to_email": "klant\#(number)@example.nl", "address1": "Kerkstraat 1", "zipcode": "1234 AB", "city": "Utrecht", "country": "NL"}"#
        }
        let response = try post("/sandbox/\(administration)/contacts/import", #"{"contacts": [\#(contacts.joined(separator: ","))]}"#)
        guard let ids = (try JSONSerialization.jsonObject(with: response.body) as? [String: Any])?["ids"] as? [String], ids.count == customers
        else { throw ValidationError("contact import refused: \(response.text.prefix(300))") }
        return ids
    }

    private func taxRates() throws -> [String: String] {
        let response = try CurlHTTPClient().perform(HTTPRequest(
            url: sandbox + "/api/v2/\(administration)/tax_rates.json?filter=tax_rate_type:sales_invoice",
            headers: [("Authorization", "Bearer \(token)")]))
        let rates = try JSONSerialization.jsonObject(with: response.body) as? [[String: Any]] ?? []
        var byPercentage: [String: String] = [:]
        for rate in rates where rate["country"] is NSNull || rate["country"] == nil {
            if let percentage = rate["percentage"] as? String, let id = rate["id"] as? String, byPercentage[percentage] == nil {
                byPercentage[percentage] = id
            }
        }
        return byPercentage
    }

    private func post(_ path: String, _ json: String) throws -> HTTPResponse {
        try CurlHTTPClient().perform(HTTPRequest(
            method: "POST", url: sandbox + path, headers: [("Content-Type", "application/json")], body: Data(json.utf8), timeout: 300))
    }
}

/// Reads every page of the period's invoices and throws the bodies away: the floor any
/// reconcile stands on, measured in the same run.
struct ReadPages: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "read-pages", abstract: "Read all invoice pages, nothing else.")

    @Option var sandbox: String
    @Option var token: String
    @Option var administration: String
    @Option var from: String
    @Option var to: String

    func run() throws {
        CurlHTTPClient.globalInit()
        let client = try CurlHTTPClient()
        let range = from.replacingOccurrences(of: "-", with: "") + ".." + to.replacingOccurrences(of: "-", with: "")
        var pages = 0, bytes = 0
        var next: String? = sandbox + "/api/v2/\(administration)/sales_invoices.json?filter=period:\(range),state:all&per_page=100&page=1"
        while let url = next {
            let response = try client.perform(HTTPRequest(url: url, headers: [("Authorization", "Bearer \(token)")]))
            pages += 1
            bytes += response.body.count
            // Moneybird's Link header names the next page until the last.
            next = response.header("link")?.split(separator: ",").first { $0.contains("rel=\"next\"") }
                .flatMap { $0.split(separator: ">").first?.split(separator: "<").last.map(String.init) }
        }
        print("pages \(pages), bytes \(bytes)")
    }
}

/// Days since 1970-01-01 → `YYYY-MM-DD`.
enum CivilDate {
    static func day(_ serial: Int) -> String {
        let date = Date(timeIntervalSince1970: TimeInterval(serial) * 86_400)
        return date.formatted(Date.ISO8601FormatStyle(timeZone: TimeZone(identifier: "UTC")!).year().month().day())
    }
}
