import Foundation
import KoppelHTTP
import TestSupport
import Testing

/// `koppel-sandbox --shop mijnwebwinkel` on a free loopback port, the shop koppel fetches from;
/// stopped on release.
final class MijnwebwinkelShopSandbox {
    static let storeToken = "store-e2e-5c1d7a93f0b2"
    static let partnerToken = "partner-e2e-84af26d9c03e"

    let process = Process()
    let port: Int
    var baseURL: String { "http://127.0.0.1:\(port)" }

    init(arguments extra: [String] = []) throws {
        CurlHTTPClient.globalInit()
        process.executableURL = Stack.binaries.appendingPathComponent("koppel-sandbox")
        process.arguments = [
            "--shop", "mijnwebwinkel", "--port", "0", "--store-token", Self.storeToken, "--partner-token", Self.partnerToken,
        ] + extra
        process.standardError = FileHandle.nullDevice
        port = try ListeningPort.start(process)
    }

    deinit {
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
    }

    /// A sandbox-only call (playing the shop) that must succeed.
    @discardableResult
    func sandbox(_ method: String, _ path: String, json: String? = nil) throws -> Data {
        let response = try CurlHTTPClient().perform(HTTPRequest(
            method: method, url: baseURL + "/sandbox" + path, headers: json == nil ? [] : [("Content-Type", "application/json")],
            body: json.map { Data($0.utf8) }, timeout: 10, freshConnection: true))
        try #require(response.status == 200, "\(method) /sandbox\(path): \(response.status) \(response.text)")
        return response.body
    }

    /// An order of one article at 21 % and shipping, in status `status` (2 Betaald), paid.
    func addOrder(_ number: Int, articleCents: Int64, status: Int = 2, date: String = "2026-11-10") throws {
        func money(_ cents: Int64) -> String { "\(cents / 100)." + (cents % 100 < 10 ? "0" : "") + "\(cents % 100)" }
        let json = #"{"number": \#(number), "date": "\#(date)", "time": "10:00:00", "status": \#(status), "#
            + #""debtor": {"email": "klant\#(number)@example.nl", "address": {"invoice": {"name": "Anna de Vries", "#
            + #""street": "Kerkstraat", "number": "\#(number)", "zipcode": "1017GB", "city": "Amsterdam", "country_code": "NL"}}}, "#
            + #""lines": [{"type": "article", "description": "Artikel \#(number)", "quantity": 1, "#
            + #""price": {"rate": "21.00", "amount_including_tax": "\#(money(articleCents))"}}, "#
            + #"{"type": "shipping", "description": "Verzendkosten", "quantity": 1, "price": {"rate": "21.00", "amount_including_tax": "5.95"}}]}"#
        try sandbox("POST", "/orders", json: json)
    }

    func changeStatus(_ number: Int, to status: Int, at stamp: String) throws {
        try sandbox("POST", "/orders/\(number)/status", json: #"{"status": \#(status), "at": "\#(stamp)"}"#)
    }

    /// Requests the shop's API answered, per endpoint (`GET /orders`).
    func requests() throws -> [String: Int] {
        let stats = try JSONSerialization.jsonObject(with: try sandbox("GET", "/stats")) as? [String: Any]
        return try #require(stats?["endpoints"] as? [String: Int])
    }
}
