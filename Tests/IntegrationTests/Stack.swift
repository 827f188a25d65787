import Foundation
import KoppelCore
import KoppelHTTP
import KoppelStore
import OpenCart

#if canImport(Glibc)
import Glibc
#endif

/// A real stack on loopback for one test: koppel-fcgi (the built binary) behind nginx (rendered
/// from etc/nginx/koppel.conf.in), a fresh SQLite file, a master key and one connection with an
/// API key. Stopped and removed when released. Its state is set up in `init` and only read after,
/// so sharing it between the threads of a test is safe.
final class Stack: @unchecked Sendable {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let binaries: URL = {
        if let folder = ProcessInfo.processInfo.environment["KOPPEL_BIN_DIR"] { return URL(fileURLWithPath: folder) }
        return packageRoot.appendingPathComponent(".build/debug")
    }()

    let folder: URL
    /// Set in `init` only (another one when the first was taken before nginx could bind it).
    private(set) var httpPort: Int
    let fcgiPort: Int
    let database: KoppelDatabase
    let license: String
    let apiKey = "Stack!Test#Key(2026)=42"
    let fcgi: Process
    /// What nginx passes FastCGI requests to: `unix:PATH`, or `127.0.0.1:PORT` when asked.
    let fcgiAddress: String
    private var nginx: Process?

    var databasePath: String { folder.appendingPathComponent("koppel.sqlite").path }
    var masterKeyPath: String { folder.appendingPathComponent("master.key").path }
    var socketPath: String { folder.appendingPathComponent("fcgi.sock").path }
    /// Where koppel-fcgi's log (its stderr) goes.
    var logPath: String { folder.appendingPathComponent("koppel-fcgi.log").path }
    var endpoint: String { "http://127.0.0.1:\(httpPort)" }

    /// - Parameters:
    ///   - tcp: koppel-fcgi listens on a loopback port instead of its unix socket (the default,
    ///     as in production).
    ///   - nginxEdits: replacements in the shipped nginx template before it is rendered, for a
    ///     test that needs, say, a shorter timeout. Each text must be in the template.
    ///   - ledger: the ledger the stack's connection books into.
    init(threads: Int = 40, tcp: Bool = false, nginxEdits: [(from: String, to: String)] = [], ledger: LedgerKind = .moneybird) throws {
        CurlHTTPClient.globalInit()
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("koppel-stack-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("tmp"), withIntermediateDirectories: true)
        httpPort = try freePort()
        fcgiPort = try freePort()

        database = try KoppelDatabase(path: folder.appendingPathComponent("koppel.sqlite").path)
        let connection = try database.addConnection(name: "Stack shop", shop: .opencart, ledger: ledger, now: 1)
        license = connection.licenseKey
        let sealer = SecretSealer(masterKey: try MasterKey.forSealing(at: folder.appendingPathComponent("master.key").path, in: database))
        _ = try database.setAPIKey(apiKey, license: license, sealer: sealer, now: 1)

        fcgi = Process()
        fcgi.executableURL = Self.binaries.appendingPathComponent("koppel-fcgi")
        let socketPath = folder.appendingPathComponent("fcgi.sock").path
        fcgiAddress = tcp ? "127.0.0.1:\(fcgiPort)" : "unix:" + socketPath
        fcgi.arguments = [
            "--listen", tcp ? "127.0.0.1:\(fcgiPort)" : socketPath, "--socket-mode", "600",
            "--threads", "\(threads)", "--database", databasePath,
            "--master-key", masterKeyPath, "--log-level", "warning",
        ]
        _ = FileManager.default.createFile(atPath: logPath, contents: nil)
        fcgi.standardError = FileHandle(forWritingAtPath: logPath)
        try fcgi.run()
        try startNginx(edits: nginxEdits)
        try waitUntilReady()
    }

    deinit {
        if fcgi.isRunning {
            fcgi.terminate()
            fcgi.waitUntilExit()
        }
        if let nginx, nginx.isRunning {
            nginx.terminate()
            nginx.waitUntilExit()
        }
        try? FileManager.default.removeItem(at: folder)
    }

    private func startNginx(edits: [(from: String, to: String)]) throws {
        var template = try String(contentsOf: Self.packageRoot.appendingPathComponent("etc/nginx/koppel.conf.in"), encoding: .utf8)
        for edit in edits {
            guard template.contains(edit.from) else { throw StackError(description: "not in the nginx template: \(edit.from)") }
            template = template.replacingOccurrences(of: edit.from, with: edit.to)
        }
        let user = String(cString: getpwuid(geteuid())!.pointee.pw_name)
        let pidPath = folder.appendingPathComponent("nginx.pid").path
        // The port was free when chosen, but another test running at the same time may bind it
        // first: nginx then exits, and a test must never talk to another test's nginx.
        for _ in 0..<5 {
            let config = template
                .replacingOccurrences(of: "@PREFIX@", with: folder.path)
                .replacingOccurrences(of: "@PORT@", with: "\(httpPort)")
                .replacingOccurrences(of: "@FCGI@", with: fcgiAddress)
                .replacingOccurrences(of: "@WWW@", with: Self.packageRoot.appendingPathComponent("www").path)
                .replacingOccurrences(of: "@USER@", with: user)
            let configPath = folder.appendingPathComponent("nginx.conf").path
            try config.write(toFile: configPath, atomically: true, encoding: .utf8)
            let nginx = Process()
            nginx.executableURL = URL(fileURLWithPath: "/usr/sbin/nginx")
            nginx.arguments = ["-p", folder.path, "-c", configPath, "-e", folder.appendingPathComponent("nginx-error.log").path, "-g", "daemon off;"]
            try nginx.run()
            // nginx writes its pid file once it listens.
            for _ in 0..<400 where nginx.isRunning && !FileManager.default.fileExists(atPath: pidPath) { usleep(25_000) }
            if FileManager.default.fileExists(atPath: pidPath) {
                self.nginx = nginx
                return
            }
            if nginx.isRunning {
                nginx.terminate()
                nginx.waitUntilExit()
            }
            httpPort = try freePort()
        }
        throw StackError(description: "nginx did not start; see \(folder.path)/nginx-error.log")
    }

    /// Ready when koppel itself refuses an unsigned ping (401), not nginx (503).
    private func waitUntilReady() throws {
        try waitUntil(endpoint + "/api/v1/ping", answers: 401, or: "the stack did not come up")
    }

    /// Sends a request signed with this stack's connection (unless told otherwise), with a unique
    /// query parameter (as the extension does) unless `exactPath`.
    func send(
        _ method: String, _ path: String, body: Data? = nil, contentType: String? = "application/json",
        license: String? = nil, apiKey: String? = nil, timestamp: Int64? = nil, extraHeaders: [(name: String, value: String)] = [],
        exactPath: Bool = false
    ) throws -> HTTPResponse {
        let path = exactPath ? path : path + "?n=" + UUID().uuidString
        var headers = RequestSignature.headers(
            license: license ?? self.license, apiKey: apiKey ?? self.apiKey, method: method, path: path, body: body ?? Data(),
            timestamp: timestamp ?? Int64(Date().timeIntervalSince1970))
        if let contentType { headers.append(("Content-Type", contentType)) }
        return try CurlHTTPClient().perform(HTTPRequest(method: method, url: endpoint + path, headers: headers + extraHeaders, body: body))
    }

    /// What koppel-fcgi logged so far.
    func log() throws -> String {
        try String(contentsOfFile: logPath, encoding: .utf8)
    }

    func counts() throws -> (orders: Int, versions: Int, settings: Int) {
        try database.counts()
    }
}

struct StackError: Error, CustomStringConvertible {
    let description: String
}

/// Asks `url` every 50 ms, for 10 s, until it answers `status`. A refused connection while a
/// program starts is expected; when it never comes up, the error names the last answer or failure.
func waitUntil(_ url: String, answers status: Int, or failure: String) throws {
    let client = try CurlHTTPClient()
    var last = "no answer"
    for _ in 0..<200 {
        do {
            let response = try client.perform(HTTPRequest(url: url, timeout: 2))
            if response.status == status { return }
            last = "status \(response.status)"
        } catch {
            last = "\(error)"
        }
        usleep(50_000)
    }
    throw StackError(description: "\(failure) (\(url), last: \(last))")
}

/// A port on loopback that nothing listens on right now.
func freePort() throws -> Int {
    let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(descriptor) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = 0
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &address) { pointer in
        pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { generic in
            bind(descriptor, generic, length) == 0 && getsockname(descriptor, generic, &length) == 0
        }
    }
    guard bound else { throw StackError(description: "no free port") }
    return Int(UInt16(bigEndian: address.sin_port))
}

/// The real OpenCart orders, as the protocol's JSON.
enum Samples {
    static let folder = Stack.packageRoot.appendingPathComponent("Tests/Fixtures/opencart")

    static func batchBody(_ names: [String]) throws -> Data {
        try JSONSerialization.data(withJSONObject: ["orders": try names.map(orderObject)])
    }

    static func orderObject(_ name: String) throws -> [String: Any] {
        let rows = try JSONDecoder().decode(OrderRows.self, from: Data(contentsOf: folder.appendingPathComponent(name)))
        return try JSONSerialization.jsonObject(with: JSONEncoder().encode(try rows.pushedOrder())) as! [String: Any]
    }

    static let openCart3 = ["opencart3-order-1.json", "opencart3-order-2.json", "opencart3-order-3.json", "opencart3-order-4.json"]
    static let openCart4 = ["opencart4-order-1.json", "opencart4-order-2.json", "opencart4-order-3.json"]
}
