import Foundation
import Mail

/// smtp-server.py (aiosmtpd) on a free loopback port, with its own folder for the certificate and
/// the received messages; stopped on `stop()` or release.
final class SMTPTestServer {
    enum Mode: String {
        /// STARTTLS with a fresh self-signed certificate, AUTH required (and only after STARTTLS).
        case starttls
        /// Neither TLS nor AUTH.
        case plain
        /// No TLS, yet AUTH offered in the clear (and required): a server that lost STARTTLS, or a
        /// man in the middle who strips it.
        case plainAuth = "plain-auth"
    }

    static let user = "rapport@koppel.test"
    static let password = "Vl1nder-wachtwoord-7"
    private static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
        "smtp-server.py")
    private static let curlReady: Void = SMTPMailer.globalInit()

    let port: Int
    let folder: URL
    var spool: URL { folder.appendingPathComponent("spool") }
    var certificate: URL { folder.appendingPathComponent("cert.pem") }
    private let process = Process()
    /// The server reads its stdin until the end: if this process dies, the server stops too.
    private let lifeline = Pipe()

    init(_ mode: Mode = .starttls) throws {
        _ = Self.curlReady
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("mail-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(
            at: folder.appendingPathComponent("spool"), withIntermediateDirectories: true)
        let key = folder.appendingPathComponent("key.pem")
        var arguments = [
            Self.script.path, "--mode", mode.rawValue, "--spool", folder.appendingPathComponent("spool").path,
        ]
        if mode == .starttls {
            try Self.makeCertificate(certificate: folder.appendingPathComponent("cert.pem"), key: key)
            arguments += ["--cert", folder.appendingPathComponent("cert.pem").path, "--key", key.path]
        }
        if mode != .plain { arguments += ["--user", Self.user, "--password", Self.password] }
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardInput = lifeline
        let errors = folder.appendingPathComponent("server.log")
        _ = FileManager.default.createFile(atPath: errors.path, contents: nil)
        process.standardError = try FileHandle(forWritingTo: errors)
        try process.run()
        let line = Self.firstLine(output.fileHandleForReading)
        guard let port = Int(line) else {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            throw TestServerError(
                description:
                    "smtp-server.py did not report a port: \(line) \((try? String(contentsOf: errors, encoding: .utf8)) ?? "")"
            )
        }
        self.port = port
    }

    deinit {
        stop()
        try? FileManager.default.removeItem(at: folder)
    }

    /// SIGKILL: a child of the test process starts with SIGTERM blocked, and nothing is lost (every
    /// message is on disk before the server accepts it).
    func stop() {
        guard process.isRunning else { return }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    /// Settings for this server: its certificate trusted, the test login unless told otherwise.
    func settings(
        username: String? = SMTPTestServer.user, password: String? = SMTPTestServer.password,
        security: SMTPSettings.Security = .startTLSWhenOffered
    ) -> SMTPSettings {
        SMTPSettings(
            url: "smtp://127.0.0.1:\(port)", username: username, password: password, security: security,
            caFile: certificate.path, timeout: 20, heloName: "koppel.test")
    }

    /// The messages received so far, oldest first.
    func received() throws -> [ReceivedMail] {
        let names = try FileManager.default.contentsOfDirectory(atPath: spool.path).filter { $0.hasSuffix(".json") }
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try names.sorted { Int($0.dropLast(5))! < Int($1.dropLast(5))! }.map { name in
            var mail = try decoder.decode(ReceivedMail.self, from: Data(contentsOf: spool.appendingPathComponent(name)))
            mail.raw = try Data(contentsOf: spool.appendingPathComponent(String(name.dropLast(5)) + ".eml"))
            return mail
        }
    }

    /// Every AUTH command the server received, oldest first: its mechanism and whether the session
    /// was in TLS (`PLAIN tls`, `PLAIN clear`).
    func authCommands() throws -> [String] {
        let log = spool.appendingPathComponent("auth.log")
        guard FileManager.default.fileExists(atPath: log.path) else { return [] }
        return try String(contentsOf: log, encoding: .utf8).split(separator: "\n").map(String.init)
    }

    /// A self-signed certificate for 127.0.0.1 (the address the tests connect to) and localhost.
    private static func makeCertificate(certificate: URL, key: URL) throws {
        let openssl = Process()
        openssl.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        openssl.arguments = [
            "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2",
            "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
            "-keyout", key.path, "-out", certificate.path,
        ]
        openssl.standardOutput = FileHandle.nullDevice
        openssl.standardError = FileHandle.nullDevice
        try openssl.run()
        openssl.waitUntilExit()
        guard openssl.terminationStatus == 0 else {
            throw TestServerError(description: "openssl req failed with status \(openssl.terminationStatus)")
        }
    }

    private static func firstLine(_ handle: FileHandle) -> String {
        var bytes: [UInt8] = []
        while let chunk = try? handle.read(upToCount: 1), let byte = chunk.first, byte != UInt8(ascii: "\n") {
            bytes.append(byte)
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

struct TestServerError: Error, CustomStringConvertible {
    let description: String
}

/// What smtp-server.py recorded for one message; `message` is what Python's email package parsed.
struct ReceivedMail: Decodable {
    let mailFrom: String
    let rcptTos: [String]
    let starttls: Bool
    let authenticated: Bool
    let authMechanism: String?
    let authLogin: String?
    let message: ParsedMessage
    var raw = Data()

    private enum CodingKeys: String, CodingKey {
        case mailFrom, rcptTos, starttls, authenticated, authMechanism, authLogin, message
    }
}

struct ParsedMessage: Decodable {
    let headers: [String: String]
    /// The Date header as Python reads it, in seconds since 1970.
    let dateEpoch: Double?
    let parts: [ParsedPart]
}

struct ParsedPart: Decodable {
    let contentType: String
    let params: [String: String]
    let filename: String?
    let disposition: String?
    let transferEncoding: String?
    let defects: [String]
    let payloadBase64: String?
    let text: String?

    var payload: Data? { payloadBase64.flatMap { Data(base64Encoded: $0) } }
}
