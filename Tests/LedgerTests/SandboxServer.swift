import Foundation
import KoppelHTTP
import TestSupport

/// The koppel-sandbox binary on a free loopback port, with a personal API token; stopped on release.
final class SandboxServer {
    static let administration = "318440553870706657"
    static let token = "ledger-test-token"
    private static let curlReady: Void = CurlHTTPClient.globalInit()

    private(set) var process = Process()
    private(set) var port: Int
    let folder: URL
    let arguments: [String]
    var baseURL: String { "http://127.0.0.1:\(port)" }

    init(_ arguments: [String] = []) throws {
        _ = Self.curlReady
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("ledger-sandbox-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        self.arguments = arguments
        port = 0
        port = try launch(port: 0)
    }

    /// Starts koppel-sandbox on `port` (0: a free one) over the same database; returns the port.
    private func launch(port: Int) throws -> Int {
        process = Process()
        process.executableURL = TestBinaries.url(of: "koppel-sandbox")
        process.arguments = [
            "--port", "\(port)", "--database", folder.appendingPathComponent("sandbox.sqlite").path, "--api-token", Self.token,
            "--administration", Self.administration,
        ] + arguments
        process.standardError = FileHandle.nullDevice
        return try ListeningPort.start(process)
    }

    /// Stops the server: connections to its port are refused until `restart`.
    func stop() {
        process.terminate()
        process.waitUntilExit()
    }

    /// Starts it again on the same port with everything it stored.
    func restart() throws {
        _ = try launch(port: port)
    }

    deinit {
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(at: folder)
    }

    /// Switches the sandbox's faults, e.g. `{"commit_then_drop_rate": 1}`.
    func faults(_ json: String) throws {
        _ = try CurlHTTPClient().perform(HTTPRequest(
            method: "POST", url: baseURL + "/sandbox/faults", headers: [("Content-Type", "application/json")], body: Data(json.utf8)))
    }

    /// A request to the sandbox's test helpers under `/sandbox/{administration}/...`: edits as
    /// someone would make them in Moneybird.
    @discardableResult
    func admin(_ method: String, _ path: String, _ json: String? = nil) throws -> HTTPResponse {
        try CurlHTTPClient().perform(HTTPRequest(
            method: method, url: baseURL + "/sandbox/\(Self.administration)/" + path, headers: [("Content-Type", "application/json")],
            body: json.map { Data($0.utf8) }))
    }

    /// A request to the sandbox's own API (for checks the adapter does not make).
    func send(_ method: String, _ path: String, _ json: String) throws -> HTTPResponse {
        try CurlHTTPClient().perform(HTTPRequest(
            method: method, url: baseURL + "/api/v2/\(Self.administration)/" + path,
            headers: [("Authorization", "Bearer \(Self.token)"), ("Content-Type", "application/json")], body: Data(json.utf8)))
    }

    func get(_ path: String) throws -> HTTPResponse {
        try CurlHTTPClient().perform(HTTPRequest(
            url: baseURL + "/api/v2/\(Self.administration)/" + path, headers: [("Authorization", "Bearer \(Self.token)")]))
    }
}
