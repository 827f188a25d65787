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

    init() throws {
        _ = Self.curlReady
        process.executableURL = TestBinaries.url(of: "koppel-sandbox")
        process.arguments = ["--ledger", "asperion", "--port", "0", "--asperion-tenant", "\(Self.tenant)=\(Self.license)=Fietsen BV"]
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

    private func get(_ url: String, bearer: String?) throws -> HTTPResponse {
        var headers: [(name: String, value: String)] = [("Accept", "application/json")]
        if let bearer { headers.append(("Authorization", "Bearer \(bearer)")) }
        return try CurlHTTPClient().perform(HTTPRequest(method: "GET", url: url, headers: headers, body: nil, timeout: 10, freshConnection: true))
    }
}
