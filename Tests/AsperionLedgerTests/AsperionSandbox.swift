import Foundation
import KoppelHTTP
import Ledger
import TestSupport
import Testing

/// `koppel-sandbox --ledger asperion` on a free loopback port (one administration, imports on
/// arrival), stopped with SIGTERM on deinit.
final class AsperionSandbox {
    static let tenant = "200002"
    static let license = "LIC-200002-ledger-0123456789"
    private static let curlReady: Void = CurlHTTPClient.globalInit()

    let process = Process()
    let port: Int
    var base: String { "http://127.0.0.1:\(port)" }

    /// - Parameter arguments: more switches, such as `--asperion-import manual`.
    init(_ arguments: [String] = []) throws {
        _ = Self.curlReady
        process.executableURL = TestBinaries.url(of: "koppel-sandbox")
        process.arguments = ["--ledger", "asperion", "--port", "0", "--asperion-tenant", "\(Self.tenant)=\(Self.license)=Fietsen BV"] + arguments
        process.standardError = FileHandle.nullDevice
        port = try ListeningPort.start(process)
    }

    deinit {
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
    }

    /// Requests per endpoint, as the sandbox counted them.
    func requests(_ endpoint: String) throws -> Int {
        let response = try get("\(base)/sandbox/stats", bearer: nil)
        let stats = try #require(try JSONSerialization.jsonObject(with: response.body) as? [String: Any])
        let endpoints = try #require(stats["endpoints"] as? [String: Int])
        return endpoints[endpoint] ?? 0
    }

    static let uploads = "PUT /sandbox-import/{tenant}/files/{name}"

    /// The files delivered to the administration, by name → status.
    func deliveredFiles() throws -> [String: String] {
        let response = try get("\(base)/sandbox-import/\(Self.tenant)/files", bearer: Self.license)
        #expect(response.status == 200, "\(String(decoding: response.body, as: UTF8.self))")
        let object = try JSONSerialization.jsonObject(with: response.body)
        let files = try #require(((object as? [String: Any])?["files"] ?? object) as? [[String: Any]], "\(object)")
        var named: [String: String] = [:]
        for file in files { named[try #require(file["name"] as? String)] = file["status"] as? String ?? "" }
        return named
    }

    /// The import report of one file.
    func report(_ name: String) throws -> [String: Any] {
        let response = try get("\(base)/sandbox-import/\(Self.tenant)/files/\(name)/report", bearer: Self.license)
        #expect(response.status == 200)
        return try #require(try JSONSerialization.jsonObject(with: response.body) as? [String: Any])
    }

    /// The owner's "Synchroniseren": imports every waiting file; answers how many files were imported.
    func importWaiting() throws -> Int {
        let response = try send("POST", "\(base)/sandbox/import", body: "{}")
        #expect(response.status == 200, "\(String(decoding: response.body, as: UTF8.self))")
        let object = try #require(try JSONSerialization.jsonObject(with: response.body) as? [String: Any])
        return try #require(object["imported"] as? [Any]).count
    }

    /// Edits the concept invoice of `orderNumber` as the owner would (`PATCH /sandbox/salesinvoices/{id}`).
    func editInvoice(of orderNumber: String, _ body: String) throws {
        let list = try get(
            "\(base)/v1/salesinvoices?description=Bestelling%20\(orderNumber)", bearer: Self.license, tenant: Self.tenant)
        let page = try #require(try JSONSerialization.jsonObject(with: list.body) as? [String: Any])
        let invoice = try #require((page["_data"] as? [[String: Any]])?.first, "\(page)")
        let id = try #require(invoice["id"] as? Int)
        let edited = try send("PATCH", "\(base)/sandbox/salesinvoices/\(id)", body: body)
        #expect(edited.status == 200, "\(String(decoding: edited.body, as: UTF8.self))")
    }

    private func send(_ method: String, _ url: String, body: String) throws -> HTTPResponse {
        try CurlHTTPClient().perform(HTTPRequest(
            method: method, url: url, headers: [("Content-Type", "application/json"), ("Accept", "application/json")],
            body: Data(body.utf8), timeout: 10, freshConnection: true))
    }

    private func get(_ url: String, bearer: String?, tenant: String? = nil) throws -> HTTPResponse {
        var headers: [(name: String, value: String)] = [("Accept", "application/json")]
        if let bearer { headers.append(("Authorization", "Bearer \(bearer)")) }
        if let tenant { headers.append(("X-Tenant-Id", tenant)) }
        return try CurlHTTPClient().perform(HTTPRequest(method: "GET", url: url, headers: headers, body: nil, timeout: 10, freshConnection: true))
    }
}
