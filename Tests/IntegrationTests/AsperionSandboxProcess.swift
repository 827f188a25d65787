import Foundation
import KoppelCore
import KoppelHTTP
import TestSupport

/// `koppel-sandbox --ledger asperion` on a free loopback port, one administration that imports each
/// file as it arrives; stopped on release.
final class AsperionSandboxProcess {
    static let tenant = "300003"
    static let license = "LIC-300003-integration-0123456789"
    static let uploads = "PUT /sandbox-import/{tenant}/files/{name}"

    let process = Process()
    let port: Int
    var baseURL: String { "http://127.0.0.1:\(port)" }

    init(arguments extra: [String] = []) throws {
        CurlHTTPClient.globalInit()
        process.executableURL = Stack.binaries.appendingPathComponent("koppel-sandbox")
        process.arguments = ["--ledger", "asperion", "--port", "0", "--asperion-tenant", "\(Self.tenant)=\(Self.license)=Fietsen BV"] + extra
        process.standardError = FileHandle.nullDevice
        port = try ListeningPort.start(process)
    }

    deinit {
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
    }

    /// A request as the owner's license code (the upload and `/v1` both take it).
    func get(_ path: String) throws -> HTTPResponse {
        let headers: [(name: String, value: String)] = [
            ("Authorization", "Bearer \(Self.license)"), ("X-Tenant-Id", Self.tenant), ("Accept", "application/json"),
        ]
        let response = try CurlHTTPClient().perform(HTTPRequest(
            method: "GET", url: baseURL + path, headers: headers, body: nil, timeout: 10, freshConnection: true))
        guard response.status == 200 else {
            throw StackError(description: "GET \(path): HTTP \(response.status) \(String(decoding: response.body, as: UTF8.self))")
        }
        return response
    }

    /// Requests per endpoint so far (`/sandbox/stats`).
    func requests(_ endpoint: String) throws -> Int {
        let stats = try JSONSerialization.jsonObject(with: try get("/sandbox/stats").body)
        guard let endpoints = (stats as? [String: Any])?["endpoints"] as? [String: Int] else {
            throw StackError(description: "no endpoints in the stats")
        }
        return endpoints[endpoint] ?? 0
    }

    /// The files delivered to the administration, name → status (`waiting`, `imported`).
    func deliveredFiles() throws -> [String: String] {
        let object = try JSONSerialization.jsonObject(with: try get("/sandbox-import/\(Self.tenant)/files").body)
        guard let files = ((object as? [String: Any])?["files"] ?? object) as? [[String: Any]] else {
            throw StackError(description: "no files in \(object)")
        }
        var named: [String: String] = [:]
        for file in files {
            guard let name = file["name"] as? String else { throw StackError(description: "a file without a name: \(file)") }
            named[name] = file["status"] as? String ?? ""
        }
        return named
    }

    /// A delivered file's bytes, as the sandbox keeps them.
    func file(_ name: String) throws -> Data {
        try get("/sandbox-import/\(Self.tenant)/files/\(name)").body
    }

    /// A concept invoice as `/v1/salesinvoices` reads it.
    struct Invoice: Equatable {
        var description: String
        var gross: Cents
        var vat: Cents
        var paymentCode: String?
    }

    /// Every concept invoice of the administration (one page of 100: enough here). Amounts are JSON
    /// numbers with two decimals, decoded as `Decimal` (exact), never through Double.
    func invoices() throws -> [Invoice] {
        struct Page: Decodable {
            struct Row: Decodable {
                var description: String
                var amountInclVat: Decimal
                var vatAmount: Decimal
                var paymentCode: String?
            }
            var _data: [Row]
        }
        func cents(_ amount: Decimal) throws -> Cents { try Cents(parsing: NSDecimalNumber(decimal: amount).stringValue) }
        return try JSONDecoder().decode(Page.self, from: try get("/v1/salesinvoices?pageSize=100").body)._data.map { row in
            Invoice(description: row.description, gross: try cents(row.amountInclVat), vat: try cents(row.vatAmount), paymentCode: row.paymentCode)
        }
    }
}
