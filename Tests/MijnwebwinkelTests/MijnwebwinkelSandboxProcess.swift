import Foundation
import KoppelHTTP
import Mijnwebwinkel
import Testing
import TestSupport

/// `koppel-sandbox --shop mijnwebwinkel` on a free loopback port, stopped with SIGTERM on deinit.
final class MijnwebwinkelSandboxProcess {
    static let storeToken = "store-7f3a9c1e5b2d4068"
    static let partnerToken = "partner-c4e8a2f6b0d19357"
    private static let curlReady: Void = CurlHTTPClient.globalInit()

    let process = Process()
    let port: Int

    var base: String { "http://127.0.0.1:\(port)" }

    init(_ arguments: [String] = []) throws {
        _ = Self.curlReady
        process.executableURL = TestBinaries.url(of: "koppel-sandbox")
        process.arguments = [
            "--shop", "mijnwebwinkel", "--port", "0", "--store-token", Self.storeToken, "--partner-token", Self.partnerToken,
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

    var access: MijnwebwinkelAccess {
        MijnwebwinkelAccess(baseURL: base, storeToken: Self.storeToken, partnerToken: Self.partnerToken)
    }

    /// One request on a fresh connection.
    func call(_ method: String, _ path: String, json: String? = nil) throws -> HTTPResponse {
        try CurlHTTPClient().perform(HTTPRequest(
            method: method, url: base + path, headers: json == nil ? [] : [("Content-Type", "application/json")],
            body: json.map { Data($0.utf8) }, timeout: 10, freshConnection: true))
    }

    /// A sandbox-only call that must succeed.
    @discardableResult
    func sandbox(_ method: String, _ path: String, json: String? = nil) throws -> HTTPResponse {
        let response = try call(method, "/sandbox" + path, json: json)
        try #require(response.status == 200, "\(method) /sandbox\(path): \(response.status) \(response.text)")
        return response
    }

    func changeStatus(_ number: Int, to status: Int, at stamp: String) throws {
        try sandbox("POST", "/orders/\(number)/status", json: #"{"status": \#(status), "at": "\#(stamp)"}"#)
    }

    /// The number of requests the sandbox counted for `endpoint` (`GET /orders`).
    func requests(_ endpoint: String) throws -> Int {
        let stats = try JSONSerialization.jsonObject(with: try sandbox("GET", "/stats").body) as? [String: Any]
        let endpoints = try #require(stats?["endpoints"] as? [String: Any])
        return endpoints[endpoint] as? Int ?? 0
    }
}
