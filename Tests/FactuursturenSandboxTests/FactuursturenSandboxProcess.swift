import Foundation
import KoppelHTTP
import TestSupport
import Testing

/// `koppel-sandbox --ledger factuursturen` on a free loopback port, stopped with SIGTERM on deinit.
final class FactuursturenSandboxProcess {
    static let username = "winkel@example.nl"
    static let apiKey = "fs-test-key-0123456789"
    private static let curlReady: Void = CurlHTTPClient.globalInit()

    let process = Process()
    let port: Int

    var base: String { "http://127.0.0.1:\(port)" }
    var api: String { "\(base)/api/v1" }

    init(_ arguments: [String] = []) throws {
        _ = Self.curlReady
        process.executableURL = TestBinaries.url(of: "koppel-sandbox")
        process.arguments = ["--ledger", "factuursturen", "--port", "0", "--username", Self.username, "--api-token", Self.apiKey] + arguments
        process.standardError = FileHandle.nullDevice
        port = try ListeningPort.start(process)
    }

    deinit {
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
    }

    static func basic(_ user: String, _ key: String) -> String { "Basic " + Data("\(user):\(key)".utf8).base64EncodedString() }

    /// One request on a fresh connection, so a dropped connection is never retried on a reused one.
    func call(
        _ method: String, _ url: String, json: String? = nil,
        authorization: String? = FactuursturenSandboxProcess.basic(FactuursturenSandboxProcess.username, FactuursturenSandboxProcess.apiKey)
    ) throws -> HTTPResponse {
        var headers: [(name: String, value: String)] = [("Accept", "application/json")]
        if let authorization { headers.append(("Authorization", authorization)) }
        if json != nil { headers.append(("Content-Type", "application/json")) }
        return try CurlHTTPClient().perform(HTTPRequest(
            method: method, url: url, headers: headers, body: json.map { Data($0.utf8) }, timeout: 10, freshConnection: true))
    }

    func admin(_ path: String, json: String) throws {
        let response = try call("POST", "\(base)/sandbox/\(path)", json: json, authorization: nil)
        #expect(response.status == 200, "\(response.text)")
    }

    /// A client with the manual's fields (name, e-mail, address, city); its number.
    func createClient(email: String, contact: String = "Jan Jansen") throws -> String {
        let body = #"{"contact": "\#(contact)", "company": "", "address": "Dorpsstraat 1", "zipcode": "1234 AB", "city": "Utrecht", "country": "146", "email": "\#(email)", "tax_type": "extax"}"#
        let response = try call("POST", "\(api)/clients", json: body)
        #expect(response.status == 201, "\(response.text)")
        #expect(Int(response.text) != nil, "a bare number: \(response.text)")
        return response.text
    }

    /// An invoice for order `reference`: 2 × 12.50 at 21 % and 1 × 4.95 at 9 %; its number.
    func createInvoice(client: String, reference: String, extra: String = "", sendmethod: String = "email") throws -> String {
        let body = #"{"clientnr": \#(client), "action": "send", "sendmethod": "\#(sendmethod)", "reference": {"line1": "\#(reference)", "line2": "", "line3": ""}, "lines": {"line1": {"amount": 2, "description": "Fietsbel", "tax_rate": 21, "price": 12.5}, "line2": {"amount": 1, "description": "Kookboek", "tax_rate": 9, "price": "4.95"}}\#(extra)}"#
        let response = try call("POST", "\(api)/invoices", json: body)
        #expect(response.status == 201, "\(response.text)")
        return response.text
    }
}

/// Reading answers in tests.
enum JSON {
    static func value(_ response: HTTPResponse) throws -> Any {
        try JSONSerialization.jsonObject(with: response.body, options: [.fragmentsAllowed])
    }

    static func object(_ response: HTTPResponse) throws -> [String: Any] {
        try #require(try value(response) as? [String: Any], "not an object: \(response.text)")
    }

    static func array(_ response: HTTPResponse) throws -> [[String: Any]] {
        try #require(try value(response) as? [[String: Any]], "not an array: \(response.text)")
    }
}
