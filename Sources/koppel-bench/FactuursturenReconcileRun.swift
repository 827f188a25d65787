import ArgumentParser
import Factuursturen
import Foundation
import GRDB
import KoppelCore
import KoppelHTTP
import KoppelStore
import Ledger

/// Fills the Factuursturen sandbox and a koppel database with the same `count` sent invoices, as
/// koppel makes them (two lines, 21 % and 9 %; the reference in `reference.line1`, the order date in
/// `line2`), nine in ten paid; every 500th order also credited by a credit invoice. Then changes one
/// invoice in 1,000 in the sandbox (its first line one euro dearer), for the reconciler to find; for
/// `scripts/bench-reconcile --ledger factuursturen`. Prints the connection's license key, then the
/// number of invoices changed.
struct FactuursturenReconcileSeed: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "factuursturen-reconcile-seed", abstract: "Seed the Factuursturen sandbox and a database for the reconcile benchmark.")

    @Option var sandbox: String
    @Option var username: String
    @Option var apiKey: String
    @Option var database: String
    @Option var masterKey: String
    @Option var bookings = 100_000
    @Option(help: "Clients the bookings are spread over.") var customers = 1_000

    /// The VAT codes the adapter reads 21 % and 9 % back under (`GET taxes`: type H and L).
    static let vat21 = "H", vat9 = "L"

    static func isPaid(_ index: Int) -> Bool { index % 10 != 3 }
    static func isCredited(_ index: Int) -> Bool { index % 500 == 250 }
    static func isChanged(_ index: Int) -> Bool { index % 1_000 == 999 }

    func run() throws {
        CurlHTTPClient.globalInit()
        let clients = try importClients()
        let store = try KoppelDatabase(path: database)
        let sealer = SecretSealer(masterKey: try MasterKey.forSealing(at: masterKey, in: store))
        let connection = try store.addConnection(name: "Reconcile bench", shop: .opencart, ledger: .factuursturen, now: 1)
        try store.setLedgerAccess(
            connection: connection, baseURL: sandbox, administrationID: username,
            tokensJSON: try JSONEncoder().encode(FactuursturenCredentials(username: username, apiKey: apiKey)),
            settingsJSON: String(decoding: try JSONEncoder().encode(FactuursturenSettings()), as: UTF8.self), sealer: sealer, now: 1)
        let reference = { (index: Int) in connection.bookingReference.reference(orderID: Int64(index + 1), storeID: 0) }

        // By order date, so that the invoices arrive in the order they were sent (the sandbox keeps them so).
        let dates = (0..<bookings).map(ReconcileSeed.date)
        let order = (0..<bookings).sorted { (dates[$0], $0) < (dates[$1], $1) }
        var numbers = [String](repeating: "", count: bookings)
        for start in stride(from: 0, to: bookings, by: 1_000) {
            let indices = Array(order[start..<min(start + 1_000, bookings)])
            let invoices = indices.map { index in
                Self.invoice(index, client: clients[index % clients.count], reference: reference(index), crediting: nil)
            }
            let made = try importInvoices(invoices)
            for (index, number) in zip(indices, made) { numbers[index] = number }
            try seedBooked(store, connection, indices, numbers: numbers, reference: reference)
        }
        // The credit invoices, sent after every sale.
        let credited = (0..<bookings).filter(Self.isCredited)
        for start in stride(from: 0, to: credited.count, by: 1_000) {
            let indices = credited[start..<min(start + 1_000, credited.count)]
            _ = try importInvoices(indices.map { index in
                Self.invoice(index, client: clients[index % clients.count], reference: reference(index), crediting: numbers[index])
            })
        }
        let changed = (0..<bookings).filter(Self.isChanged)
        for index in changed {
            let price = ReconcileSeed.lines(index)[0].euros + 1
            let response = try post("/sandbox/invoices/\(numbers[index])/change", #"{"line": 1, "price": "\#(price)"}"#)
            guard response.status == 200 else { throw ValidationError("change refused: \(response.text.prefix(300))") }
        }
        print(connection.licenseKey)
        print(changed.count)
    }

    /// One invoice as `FactuursturenInvoiceBody` writes it for a two-line order, sent the day of the
    /// order; a credit invoice has every line negated and names the invoice it credits.
    static func invoice(_ index: Int, client: Int, reference: String, crediting: String?) -> String {
        let sign = crediting == nil ? "" : "-"
        let date = ReconcileSeed.date(index)
        let lines = ReconcileSeed.lines(index).map { line in
            #"{"amount": 1, "description": "item", "tax_rate": \#(line.rate), "price": "\#(sign)\#(line.euros)"}"#
        }
        let sent = crediting == nil ? date : "2026-12-01"
        let paid = crediting == nil && isPaid(index) ? #", "paid": "full""# : ""
        let line3 = crediting.map { "Creditfactuur voor factuur \($0)" } ?? ""
        return #"{"clientnr": \#(client), "sent": "\#(sent)", "reference": {"line1": "\#(reference)", "line2": "Besteldatum \#(date)", "line3": "\#(line3)"}, "lines": [\#(lines.joined(separator: ","))]\#(paid)}"#
    }

    /// The booked side as the booking job keeps it for Factuursturen: created, and for a paid order its
    /// payment registered; the invoice number as the ledger id.
    private func seedBooked(
        _ store: KoppelDatabase, _ connection: Connection, _ indices: [Int], numbers: [String], reference: (Int) -> String
    ) throws {
        let encoder = JSONEncoder()
        try store.pool.write { db in
            for index in indices {
                let steps: [LedgerStep] = Self.isPaid(index) ? [.create, .registerPayment] : [.create]
                let flow = BookingFlow(phase: .booked, trail: LedgerTrail(documentID: numbers[index], done: steps), plan: steps)
                let orderID = Int64(index + 1)
                let lines = ReconcileSeed.lines(index)
                let vat21 = lines[0].euros * 21, vat9 = lines[1].euros * 9
                let net = (lines[0].euros + lines[1].euros) * 100
                let date = ReconcileSeed.date(index)
                try db.execute(
                    sql: """
                        INSERT INTO shop_order (id, connection_id, order_reference, store_id, version, content_digest, order_status,
                            total, currency_code, date_added, state, received_at, updated_at, examined_version, ledger_id, flow)
                        VALUES (?, ?, CAST(? AS TEXT), 0, 1, x'00', '5', ?, 'EUR', ?, 'booked', 1, 1, 1, ?, ?)
                        """,
                    arguments: [orderID, connection.id, orderID, Cents(net + vat21 + vat9).description, date, numbers[index], String(decoding: try encoder.encode(flow), as: UTF8.self)])
                try db.execute(
                    sql: """
                        INSERT INTO booked_document (order_id, connection_id, reference, ledger_id, order_version, booking_date,
                            booked_at, gross, net, vat, customer_name, customer_email, customer_street, customer_postcode,
                            customer_city, customer_country, customer_vat_number)
                        VALUES (?, ?, ?, ?, 1, ?, ?, ?, ?, ?, ?, ?, 'Kerkstraat 1', '1234 AB', 'Utrecht', 'NL', '')
                        """,
                    arguments: [
                        orderID, connection.id, reference(index), numbers[index], date, Int64(Date().timeIntervalSince1970),
                        net + vat21 + vat9, net, VATByCodeText.encode([Self.vat21: Cents(vat21), Self.vat9: Cents(vat9)]),
                        "Klant \(index % customers)", "klant\(index % customers)@example.nl",
                    ])
            }
        }
    }

    /// Client numbers as the sandbox assigns them.
    private func importClients() throws -> [Int] {
        var numbers: [Int] = []
        for start in stride(from: 0, to: customers, by: 1_000) {
            let bodies = (start..<min(start + 1_000, customers)).map { number in
                #"{"contact": "Klant \#(number)", "company": "", "address": "Kerkstraat 1", "zipcode": "1234 AB", "city": "Utrecht", "country": "146", "email": "klant\#(number)@example.nl"}"#
            }
            let response = try post("/sandbox/clients/import", #"{"clients": [\#(bodies.joined(separator: ","))]}"#)
            guard let found = (try JSONSerialization.jsonObject(with: response.body) as? [String: Any])?["numbers"] as? [Int], found.count == bodies.count
            else { throw ValidationError("client import refused: \(response.text.prefix(300))") }
            numbers += found
        }
        return numbers
    }

    private func importInvoices(_ invoices: [String]) throws -> [String] {
        let response = try post("/sandbox/invoices/import", #"{"invoices": [\#(invoices.joined(separator: ","))]}"#)
        guard let numbers = (try JSONSerialization.jsonObject(with: response.body) as? [String: Any])?["numbers"] as? [String],
            numbers.count == invoices.count
        else { throw ValidationError("invoice import refused: \(response.text.prefix(300))") }
        return numbers
    }

    private func post(_ path: String, _ json: String) throws -> HTTPResponse {
        try CurlHTTPClient().perform(HTTPRequest(
            method: "POST", url: sandbox + path, headers: [("Content-Type", "application/json")], body: Data(json.utf8), timeout: 300))
    }
}

/// The pages a Factuursturen reconcile reads, bodies thrown away: `GET invoices` from the period's
/// first day, 100 at a time, until a short page. The floor any reconcile stands on.
struct FactuursturenReadPages: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "factuursturen-read-pages", abstract: "Read what a Factuursturen reconcile reads, nothing else.")

    @Option var sandbox: String
    @Option var username: String
    @Option var apiKey: String
    @Option var since: String

    func run() throws {
        CurlHTTPClient.globalInit()
        let client = try CurlHTTPClient()
        let authorization = "Basic " + Data("\(username):\(apiKey)".utf8).base64EncodedString()
        var pages = 0, bytes = 0, invoices = 0
        while true {
            let url = sandbox + "/api/v1/invoices?since=\(since)&count=100&offset=\(invoices)"
            let response = try client.perform(HTTPRequest(url: url, headers: [("Authorization", authorization)]))
            guard response.status == 200 else { throw ValidationError("\(url): \(response.status)") }
            pages += 1
            bytes += response.body.count
            let count = Self.occurrences(of: Data(#""invoicenr_full""#.utf8), in: response.body)
            invoices += count
            if count < 100 { break }
        }
        print("requests \(pages), invoices \(invoices), bytes \(bytes)")
    }

    /// The page's invoices counted without decoding them: each carries one `"invoicenr_full"`.
    static func occurrences(of needle: Data, in body: Data) -> Int {
        var count = 0
        var from = body.startIndex
        while let found = body.range(of: needle, in: from..<body.endIndex) {
            count += 1
            from = found.upperBound
        }
        return count
    }
}
