import Foundation
import KoppelHTTP
import Testing
import TestSupport

/// `koppel-sandbox --ledger minox` on a free loopback port with a bearer token; stopped on release.
final class MinoxSandboxServer {
    static let tenant = "100001"
    static let administration = "1"
    static let token = "minox-ledger-test-token"
    static let clientID = "koppel-minox-client"
    static let clientSecret = "koppel-minox-secret"
    private static let curlReady: Void = CurlHTTPClient.globalInit()

    let process = Process()
    let port: Int
    var baseURL: String { "http://127.0.0.1:\(port)" }
    var api: String { "\(baseURL)/api/1/tenant/\(Self.tenant)/administration/\(Self.administration)" }

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

    func call(_ method: String, _ url: String, json: String? = nil, token: String? = token) throws -> HTTPResponse {
        var headers: [(name: String, value: String)] = []
        if let token { headers.append(("Authorization", "Bearer \(token)")) }
        if json != nil { headers.append(("Content-Type", "application/json")) }
        return try CurlHTTPClient().perform(HTTPRequest(
            method: method, url: url, headers: headers, body: json.map { Data($0.utf8) }, timeout: 10, freshConnection: true))
    }

    func faults(_ json: String) throws {
        let response = try call("POST", "\(baseURL)/sandbox/faults", json: json, token: nil)
        #expect(response.status == 200, "\(response.text)")
    }

    /// `/api/1` requests per endpoint so far.
    func stats() throws -> [String: Int] {
        let object = try JSONSerialization.jsonObject(with: try call("GET", "\(baseURL)/sandbox/stats", token: nil).body) as? [String: Any]
        return try #require(object?["endpoints"] as? [String: Int])
    }
}
