import Foundation
import KoppelHTTP
import Testing
import TestSupport

/// `koppel-sandbox --ledger minox` on a free loopback port, stopped with SIGTERM on deinit.
final class MinoxSandboxProcess {
    static let tenant = 100_001
    static let administration = 1
    static let token = "minox-test-token"
    static let clientID = "koppel-minox-client"
    static let clientSecret = "koppel-minox-secret"
    private static let curlReady: Void = CurlHTTPClient.globalInit()

    let process = Process()
    let port: Int

    var base: String { "http://127.0.0.1:\(port)" }
    /// `/api/1/tenant/{t}/administration/{a}`.
    var api: String { "\(base)/api/1/tenant/\(Self.tenant)/administration/\(Self.administration)" }

    init(_ arguments: [String] = []) throws {
        _ = Self.curlReady
        process.executableURL = TestBinaries.url(of: "koppel-sandbox")
        process.arguments = ["--ledger", "minox", "--port", "0", "--api-token", Self.token] + arguments
        process.standardError = FileHandle.nullDevice
        port = try ListeningPort.start(process)
    }

    deinit {
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
    }

    /// One request on a fresh connection, so a dropped connection is never retried on a reused one.
    func call(
        _ method: String, _ url: String, json: String? = nil, token: String? = token,
        headers extra: [(name: String, value: String)] = []
    ) throws -> HTTPResponse {
        var headers = extra
        if let token { headers.append(("Authorization", "Bearer \(token)")) }
        if json != nil { headers.append(("Content-Type", "application/json")) }
        return try CurlHTTPClient().perform(HTTPRequest(
            method: method, url: url, headers: headers, body: json.map { Data($0.utf8) }, timeout: 10, freshConnection: true))
    }

    func setFaults(_ json: String) throws {
        let response = try call("POST", "\(base)/sandbox/faults", json: json, token: nil)
        #expect(response.status == 200, "\(response.text)")
    }

    /// A customer posted with the manual's fields; its debtor number.
    func createCustomer(email: String, id: Int? = nil) throws -> Int {
        let idMember = id.map { #""id": \#($0), "# } ?? ""
        let body = #"{\#(idMember)"addresses": [{"address_type": "postal", "name": "Fietsen B.V.", "contact_name": "Jan Jansen", "streetname_and_number": "Dorpsstraat 1", "postal_code": "1234 AB", "city": "Utrecht", "country_code": "NL", "email_addresses": [{"email_address_type": "email", "email_address": "\#(email)"}]}]}"#
        let response = try call("POST", "\(api)/customer", json: body)
        #expect(response.status == 201, "\(response.text)")
        return try #require(JSON.object(response)["id"] as? Int)
    }

    /// A sales entry: debtor gross on `customer`, revenue 8000 net with VAT code 1, a VAT line of 21 %.
    static func salesEntry(customer: Int, net: String, vat: String, gross: String, date: String = "2026-03-01", reference: String = "8855") -> String {
        #"""
        [{"journal": {"id": "VK"}, "account": {"id": "\#(customer)", "scheme": "MINOX", "type": "customer"}, "debit": \#(gross), "credit": 0, "document_date": "\#(date)", "description": "\#(reference)", "invoice_number": \#(reference)},
         {"journal": {"id": "VK"}, "account": {"id": "8000", "scheme": "MINOX", "type": "ledger_account"}, "debit": 0, "credit": \#(net), "document_date": "\#(date)", "description": "Fiets", "vat": {"id": 1, "amount": 0}},
         {"journal": {"id": "VK"}, "debit": 0, "credit": \#(vat), "document_date": "\#(date)", "description": "\#(net) BTW bedrag over", "vat": {"id": 1, "amount": \#(vat)}}]
        """#
    }
}

/// Reading answers in tests.
enum JSON {
    static func object(_ response: HTTPResponse) throws -> [String: Any] {
        let value = try JSONSerialization.jsonObject(with: response.body, options: [.fragmentsAllowed])
        return try #require(value as? [String: Any], "not an object: \(response.text)")
    }

    /// The items of a `{"collection": [...]}` answer.
    static func collection(_ response: HTTPResponse) throws -> [[String: Any]] {
        try #require(try object(response)["collection"] as? [[String: Any]], "no collection: \(response.text)")
    }
}
