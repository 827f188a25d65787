import Foundation
import KoppelCore
import KoppelHTTP
import TestSupport

/// `koppel-sandbox --ledger factuursturen` on a free loopback port with HTTP Basic; stopped on release.
final class FactuursturenSandboxProcess {
    static let username = "winkel@example.nl"
    static let apiKey = "factuursturen-integration-key"
    /// What `koppel ledger connect` reads on standard input.
    static let credentials = username + ":" + apiKey

    let process = Process()
    let port: Int
    var baseURL: String { "http://127.0.0.1:\(port)" }

    init(arguments extra: [String] = []) throws {
        CurlHTTPClient.globalInit()
        process.executableURL = Stack.binaries.appendingPathComponent("koppel-sandbox")
        process.arguments = ["--ledger", "factuursturen", "--port", "0", "--username", Self.username, "--api-token", Self.apiKey] + extra
        process.standardError = FileHandle.nullDevice
        port = try ListeningPort.start(process)
    }

    deinit {
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
    }

    func call(_ method: String, _ path: String, json: String? = nil, authorized: Bool = true) throws -> HTTPResponse {
        var headers: [(name: String, value: String)] = []
        if authorized {
            headers.append(("Authorization", "Basic " + Data(Self.credentials.utf8).base64EncodedString()))
            headers.append(("Accept", "application/json"))
        }
        if json != nil { headers.append(("Content-Type", "application/json")) }
        return try CurlHTTPClient().perform(HTTPRequest(
            method: method, url: baseURL + path, headers: headers, body: json.map { Data($0.utf8) }, timeout: 10, freshConnection: true))
    }

    /// Requests per endpoint so far (`/sandbox/stats`: the helpers are not counted).
    func endpoints() throws -> [String: Int] {
        let stats = try JSONSerialization.jsonObject(with: try call("GET", "/sandbox/stats", authorized: false).body)
        guard let endpoints = (stats as? [String: Any])?["endpoints"] as? [String: Int] else {
            throw StackError(description: "no endpoints in the stats")
        }
        return endpoints
    }

    /// An invoice as Factuursturen reads it back: its reference lines, total, VAT, what is open.
    struct Invoice: Equatable {
        var number: String
        var reference: String
        var orderDate: String
        var credits: String
        var gross: Cents
        var vat: Cents
        var open: Cents
    }

    /// Every invoice the account holds, read through `GET /api/v1/invoices` (no `count`: 100, enough here).
    func invoices() throws -> [Invoice] {
        let response = try call("GET", "/api/v1/invoices")
        guard response.status == 200, let list = try JSONSerialization.jsonObject(with: response.body) as? [[String: Any]] else {
            throw StackError(description: "invoices: HTTP \(response.status)")
        }
        func text(_ value: Any?) -> String { value.map { "\($0)" } ?? "" }
        return try list.map { invoice in
            let reference = invoice["reference"] as? [String: Any] ?? [:]
            return Invoice(
                number: text(invoice["invoicenr"]), reference: text(reference["line1"]), orderDate: text(reference["line2"]),
                credits: text(reference["line3"]), gross: try Cents(parsing: text(invoice["totalintax"])),
                vat: try Cents(parsing: text(invoice["tax"])), open: try Cents(parsing: text(invoice["open"])))
        }
    }
}
