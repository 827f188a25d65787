import Foundation
import KoppelHTTP
import Mijnwebwinkel
import Testing

/// `koppel-sandbox --shop mijnwebwinkel` on a free loopback port, stopped with SIGTERM on deinit.
final class MijnwebwinkelSandboxProcess {
    static let storeToken = "store-7f3a9c1e5b2d4068"
    static let partnerToken = "partner-c4e8a2f6b0d19357"
    private static let curlReady: Void = CurlHTTPClient.globalInit()

    let process = Process()
    let port: Int
    private let output = Pipe()

    var base: String { "http://127.0.0.1:\(port)" }

    static var executable: URL {
        if let folder = ProcessInfo.processInfo.environment["KOPPEL_BIN_DIR"] {
            return URL(fileURLWithPath: folder).appendingPathComponent("koppel-sandbox")
        }
        let bundle = Bundle.main.bundleURL
        let candidates = [bundle.deletingLastPathComponent(), bundle, bundle.deletingLastPathComponent().deletingLastPathComponent()]
        for folder in candidates {
            let url = folder.appendingPathComponent("koppel-sandbox")
            if FileManager.default.isExecutableFile(atPath: url.path) { return url }
        }
        return candidates[0].appendingPathComponent("koppel-sandbox")
    }

    init(_ arguments: [String] = []) throws {
        _ = Self.curlReady
        process.executableURL = Self.executable
        process.arguments = [
            "--shop", "mijnwebwinkel", "--port", "0", "--store-token", Self.storeToken, "--partner-token", Self.partnerToken,
        ] + arguments
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        var bytes: [UInt8] = []
        while let chunk = try output.fileHandleForReading.read(upToCount: 1), let byte = chunk.first, byte != UInt8(ascii: "\n") {
            bytes.append(byte)
        }
        let line = String(decoding: bytes, as: UTF8.self)
        guard line.hasPrefix("listening on 127.0.0.1:"), let port = Int(line.split(separator: ":").last ?? "") else {
            process.terminate()
            throw StartError(line: line)
        }
        self.port = port
    }

    deinit {
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
    }

    struct StartError: Error, CustomStringConvertible {
        let line: String
        var description: String { "koppel-sandbox did not report its port; first line: \(line)" }
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
