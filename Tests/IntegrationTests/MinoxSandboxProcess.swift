import Foundation
import KoppelCore
import KoppelHTTP
import TestSupport

/// `koppel-sandbox --ledger minox` on a free loopback port with a bearer token; stopped on release.
final class MinoxSandboxProcess {
    static let tenant = "100001"
    static let administration = "1"
    static let token = "minox-integration-token"

    let process = Process()
    let port: Int
    var baseURL: String { "http://127.0.0.1:\(port)" }
    var api: String { "\(baseURL)/api/1/tenant/\(Self.tenant)/administration/\(Self.administration)" }

    init(arguments extra: [String] = []) throws {
        CurlHTTPClient.globalInit()
        process.executableURL = Stack.binaries.appendingPathComponent("koppel-sandbox")
        process.arguments = ["--ledger", "minox", "--port", "0", "--api-token", Self.token] + extra
        process.standardError = FileHandle.nullDevice
        port = try ListeningPort.start(process)
    }

    deinit {
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
    }

    func call(_ method: String, _ url: String, json: String? = nil, authorized: Bool = true) throws -> HTTPResponse {
        var headers: [(name: String, value: String)] = []
        if authorized { headers.append(("Authorization", "Bearer \(Self.token)")) }
        if json != nil { headers.append(("Content-Type", "application/json")) }
        return try CurlHTTPClient().perform(HTTPRequest(
            method: method, url: url, headers: headers, body: json.map { Data($0.utf8) }, timeout: 10, freshConnection: true))
    }

    /// Requests to the API so far (`/sandbox/stats`: the helpers are not counted).
    func requestCount() throws -> Int {
        let stats = try JSONSerialization.jsonObject(with: try call("GET", "\(baseURL)/sandbox/stats", authorized: false).body)
        guard let total = (stats as? [String: Any])?["total"] as? Int else { throw StackError(description: "no total in the stats") }
        return total
    }

    /// Every journal entry of `year` as Minox reads it back: per batch uuid, the debtor line's
    /// description and debit, and VAT per code, in cents.
    struct Entry: Equatable {
        var description: String
        var gross: Cents
        var vatByCode: [String: Cents]
    }

    func entries(year: Int) throws -> [String: Entry] {
        let response = try call("GET", "\(api)/year/\(year)/transaction_lines")
        guard response.status == 200, let list = try JSONSerialization.jsonObject(with: response.body) as? [String: Any],
            let lines = list["collection"] as? [[String: Any]]
        else { throw StackError(description: "transaction_lines: HTTP \(response.status)") }
        func cents(_ value: Any?) throws -> Cents {
            guard let number = value as? NSNumber else { throw StackError(description: "no amount: \(String(describing: value))") }
            // Two decimals at most (the sandbox refuses more), so the shortest text of the number is exact.
            return try Cents(parsing: "\(number)")
        }
        var entries: [String: Entry] = [:]
        for line in lines {
            guard let batch = line["batch_id"] as? String else { throw StackError(description: "a line without batch_id") }
            var entry = entries[batch] ?? Entry(description: "", gross: .zero, vatByCode: [:])
            if (line["account"] as? [String: Any])?["type"] as? String == "customer" {
                entry.description = line["description"] as? String ?? ""
                entry.gross += try cents(line["debit"]) - cents(line["credit"])
            }
            if let vat = line["vat"] as? [String: Any], let id = vat["id"] {
                let amount = try cents(vat["amount"])
                if !amount.isZero { entry.vatByCode["\(id)", default: .zero] += amount }
            }
            entries[batch] = entry
        }
        return entries
    }
}
