import Foundation
import KoppelHTTP
import TestSupport
import Testing

/// `koppel-sandbox --ledger asperion` on a free loopback port, stopped with SIGTERM on deinit.
final class AsperionSandboxProcess {
    static let tenant = 200002
    static let license = "LIC-200002-test-0123456789"
    static let otherTenant = 300003
    static let otherLicense = "LIC-300003-test-9876543210"
    static let apiToken = "asperion-test-token-0123456789"
    private static let curlReady: Void = CurlHTTPClient.globalInit()

    let process = Process()
    let port: Int

    var base: String { "http://127.0.0.1:\(port)" }
    var api: String { "\(base)/v1" }
    func files(_ tenant: Int = AsperionSandboxProcess.tenant) -> String { "\(base)/sandbox-import/\(tenant)/files" }

    init(_ arguments: [String] = []) throws {
        _ = Self.curlReady
        process.executableURL = TestBinaries.url(of: "koppel-sandbox")
        process.arguments =
            [
                "--ledger", "asperion", "--port", "0", "--api-token", Self.apiToken,
                "--asperion-tenant", "\(Self.tenant)=\(Self.license)=Fietsen BV",
                "--asperion-tenant", "\(Self.otherTenant)=\(Self.otherLicense)",
            ] + arguments
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
        _ method: String, _ url: String, body: Data? = nil, contentType: String = "application/json",
        bearer: String? = AsperionSandboxProcess.apiToken, tenant: String? = String(AsperionSandboxProcess.tenant)
    ) throws -> HTTPResponse {
        var headers: [(name: String, value: String)] = [("Accept", "application/json")]
        if let bearer { headers.append(("Authorization", "Bearer \(bearer)")) }
        if let tenant { headers.append(("X-Tenant-Id", tenant)) }
        if body != nil { headers.append(("Content-Type", contentType)) }
        return try CurlHTTPClient().perform(
            HTTPRequest(
                method: method, url: url, headers: headers, body: body, timeout: 10, freshConnection: true))
    }

    /// Delivers `xml` as file `name` with the license code.
    func upload(
        _ name: String, _ xml: String, license: String = AsperionSandboxProcess.license,
        tenant: Int = AsperionSandboxProcess.tenant
    )
        throws -> HTTPResponse
    {
        try call(
            "PUT", "\(files(tenant))/\(name)", body: Data(xml.utf8), contentType: "application/xml", bearer: license,
            tenant: nil)
    }

    func report(_ name: String) throws -> [String: Any] {
        let response = try call("GET", "\(files())/\(name)/report", bearer: Self.license, tenant: nil)
        #expect(response.status == 200, "\(response.text)")
        return try JSON.object(response)
    }

    func admin(_ path: String, json: String = "{}") throws -> [String: Any] {
        let response = try call("POST", "\(base)/sandbox/\(path)", body: Data(json.utf8), bearer: nil, tenant: nil)
        #expect(response.status == 200, "\(response.text)")
        return try JSON.object(response)
    }

    /// `GET /v1/{path}` with the API token and the test tenant, expected 200.
    func read(_ path: String) throws -> [String: Any] {
        let response = try call("GET", "\(api)/\(path)")
        #expect(response.status == 200, "\(response.text)")
        return try JSON.object(response)
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

    static func list(_ object: [String: Any], _ key: String) throws -> [[String: Any]] {
        try #require(object[key] as? [[String: Any]], "no list \(key) in \(object)")
    }
}
