import Foundation
import KoppelHTTP
import Testing
import TestSupport

/// One `koppel-sandbox` process on a free loopback port, for whichever ledger its arguments name;
/// stopped on release. Both sandboxes share the test helpers under `/sandbox` (`faults`, `stats`).
final class SandboxProcess {
    private static let curlReady: Void = CurlHTTPClient.globalInit()

    let process = Process()
    let port: Int
    /// A folder of this run only, for a sandbox that keeps its state in a file.
    let folder: URL
    var baseURL: String { "http://127.0.0.1:\(port)" }

    /// Starts `koppel-sandbox` with `arguments(folder)` after `--port 0`.
    init(_ arguments: (URL) -> [String]) throws {
        _ = Self.curlReady
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("ledger-conformance-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        process.executableURL = TestBinaries.url(of: "koppel-sandbox")
        process.arguments = ["--port", "0"] + arguments(folder)
        process.standardError = FileHandle.nullDevice
        port = try ListeningPort.start(process)
    }

    deinit {
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
        do {
            try FileManager.default.removeItem(at: folder)
        } catch {
            Issue.record("cleanup of \(folder.path): \(error)")
        }
    }

    /// Replaces the fault switches, e.g. `{"rules": [{"endpoint": "...", "fault": "error"}]}`.
    func faults(_ json: String) throws {
        let response = try helper("POST", "faults", json: json)
        #expect(response.status == 200, "\(response.text)")
    }

    /// API requests the sandbox received so far, per endpoint (counted before its rate limiter).
    func stats() throws -> [String: Int] {
        let object = try JSONSerialization.jsonObject(with: try helper("GET", "stats").body) as? [String: Any]
        return try #require(object?["endpoints"] as? [String: Int])
    }

    /// Every API request the sandbox received so far.
    func requestsReceived() throws -> Int {
        try stats().values.reduce(0, +)
    }

    func helper(_ method: String, _ path: String, json: String? = nil) throws -> HTTPResponse {
        try CurlHTTPClient().perform(HTTPRequest(
            method: method, url: "\(baseURL)/sandbox/\(path)", headers: json == nil ? [] : [("Content-Type", "application/json")],
            body: json.map { Data($0.utf8) }, timeout: 10, freshConnection: true))
    }
}
