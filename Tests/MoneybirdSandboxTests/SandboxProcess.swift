import Foundation
import KoppelHTTP
import Testing
import TestSupport

/// A koppel-sandbox process on a free loopback port with its own database, stopped with SIGTERM on deinit.
final class SandboxProcess {
    static let administration = "318440553870706657"
    static let token = "test-api-token"
    static let clientID = "koppel-sandbox-client"
    static let clientSecret = "koppel-sandbox-secret"
    private static let curlReady: Void = CurlHTTPClient.globalInit()

    let process = Process()
    let port: Int
    let directory: URL

    var base: String { "http://127.0.0.1:\(port)" }
    var api: String { "\(base)/api/v2/\(Self.administration)" }

    init(_ arguments: [String] = []) throws {
        _ = Self.curlReady
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("sandbox-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        process.executableURL = TestBinaries.url(of: "koppel-sandbox")
        process.arguments = [
            "--port", "0", "--database", directory.appendingPathComponent("sandbox.sqlite").path,
            "--api-token", Self.token,
        ] + arguments
        process.standardError = FileHandle.nullDevice
        port = try ListeningPort.start(process)
    }

    deinit {
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(at: directory)
    }

    /// One request on a fresh connection, so a dropped connection is never retried on a reused one.
    func call(
        _ method: String, _ url: String, json: String? = nil, form: String? = nil, token: String? = token,
        timeout: Int = 10
    ) throws -> HTTPResponse {
        var headers: [(name: String, value: String)] = []
        if let token { headers.append(("Authorization", "Bearer \(token)")) }
        var body: Data?
        if let json {
            headers.append(("Content-Type", "application/json"))
            body = Data(json.utf8)
        } else if let form {
            headers.append(("Content-Type", "application/x-www-form-urlencoded"))
            body = Data(form.utf8)
        }
        let client = try CurlHTTPClient()
        return try client.perform(HTTPRequest(method: method, url: url, headers: headers, body: body, timeout: timeout))
    }

    /// A contact made through the API; its id.
    func createContact(_ fields: String = #"{"company_name": "Fietsen B.V.", "email": "inkoop@fietsen.nl"}"#) throws -> String {
        let response = try call("POST", "\(api)/contacts.json", json: #"{"contact": \#(fields)}"#)
        #expect(response.status == 201)
        return try #require(JSON.object(response)["id"] as? String)
    }

    func createInvoice(contact: String, reference: String, extra: String = "", lines: String) throws -> [String: Any] {
        let body = #"{"sales_invoice": {"contact_id": "\#(contact)", "reference": "\#(reference)"\#(extra), "details_attributes": \#(lines)}}"#
        let response = try call("POST", "\(api)/sales_invoices.json", json: body)
        #expect(response.status == 201, "\(response.text)")
        return try JSON.object(response)
    }
}

/// Reading answers in tests.
enum JSON {
    static func any(_ response: HTTPResponse) throws -> Any {
        try JSONSerialization.jsonObject(with: response.body, options: [.fragmentsAllowed])
    }

    static func object(_ response: HTTPResponse) throws -> [String: Any] {
        try #require(try any(response) as? [String: Any], "not an object: \(response.text)")
    }

    static func array(_ response: HTTPResponse) throws -> [[String: Any]] {
        try #require(try any(response) as? [[String: Any]], "not an array: \(response.text)")
    }
}
