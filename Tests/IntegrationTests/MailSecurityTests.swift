import Foundation
import KoppelStore
import Testing

/// `koppel mail` never lets the SMTP password go out without TLS: not when set, not with
/// settings an earlier koppel stored, against a server that offers AUTH but no STARTTLS.
@Suite(.serialized)
struct MailSecurityTests {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("koppel-mail-\(UUID().uuidString)")
    var databasePath: String { folder.appendingPathComponent("koppel.sqlite").path }
    var keyPath: String { folder.appendingPathComponent("keys/master.key").path }

    func koppel(_ arguments: [String]) throws -> ProgramRun {
        try runProgram("koppel", arguments, environment: ["KOPPEL_DATABASE": databasePath, "KOPPEL_MASTER_KEY": keyPath])
    }

    @Test func thePasswordIsNeverSentWithoutTLS() throws {
        defer { #expect(throws: Never.self) { try FileManager.default.removeItem(at: folder) } }
        let server = try ClearTextSMTPServer(in: folder)
        let url = "smtp://127.0.0.1:\(server.port)"
        let passwordFile = folder.appendingPathComponent("smtp-password").path
        try Data((ClearTextSMTPServer.password + "\n").utf8).write(to: URL(fileURLWithPath: passwordFile))
        let common = ["mail", "set", "--url", url, "--from", "koppel@example.nl", "--user", ClearTextSMTPServer.user, "--password-file", passwordFile]

        for security in ["when-offered", "none"] {
            let refused = try koppel(common + ["--security", security])
            #expect(refused.status != 0, "--security \(security): \(refused.output)")
            #expect(refused.errors.contains("never sent without TLS"), "\(refused.errors)")
        }
        // Without --security a password needs STARTTLS, which this server does not offer.
        let set = try koppel(common)
        #expect(set.status == 0, "\(set.errors)")
        #expect(try koppel(["mail", "show"]).output.contains("security required, user \(ClearTextSMTPServer.user), password set"))
        let test = try koppel(["mail", "test", "--to", "eigenaar@example.nl"])
        #expect(test.status != 0)
        #expect(test.errors.contains("does not offer STARTTLS"), "\(test.errors)")

        // Settings an earlier koppel stored: STARTTLS when offered, with the password.
        let database = try KoppelDatabase(path: databasePath)
        let sealer = SecretSealer(masterKey: try MasterKey.load(from: keyPath))
        func storeEarlier(security: String) throws {
            try database.setMailSettings(
                StoredMailSettings(
                    url: url, sender: "koppel@example.nl", username: ClearTextSMTPServer.user, password: ClearTextSMTPServer.password,
                    security: security, caFile: nil),
                sealer: sealer, now: 1)
        }
        try storeEarlier(security: "startTLSWhenOffered")
        let shown = try koppel(["mail", "show"])
        #expect(shown.output.contains("security required (stored as when-offered"), "\(shown.output)")
        let earlier = try koppel(["mail", "test", "--to", "eigenaar@example.nl"])
        #expect(earlier.status != 0)
        #expect(earlier.errors.contains("does not offer STARTTLS"), "\(earlier.errors)")

        // No TLS at all with a password: refused before any connection.
        try storeEarlier(security: "none")
        let none = try koppel(["mail", "show"])
        #expect(none.output.contains("security none: refused with credentials"), "\(none.output)")
        let plain = try koppel(["mail", "test", "--to", "eigenaar@example.nl"])
        #expect(plain.status != 0)
        #expect(plain.errors.contains("never sent without TLS"), "\(plain.errors)")

        let authCommands = try server.authCommands()
        #expect(authCommands.isEmpty, "\(authCommands)")
        #expect(!(set.output + test.errors + earlier.errors + plain.errors + shown.output).contains(ClearTextSMTPServer.password))

        // A relay without credentials may go without TLS, asked for by name.
        let relay = try koppel(["mail", "set", "--url", url, "--from", "koppel@example.nl", "--security", "none"])
        #expect(relay.status == 0, "\(relay.errors)")
        #expect(try koppel(["mail", "show"]).output.contains("security none"))
    }
}

/// Tests/MailTests/smtp-server.py in its plain-auth mode: no STARTTLS, yet AUTH offered in the
/// clear, as a man in the middle who strips STARTTLS would. It logs every AUTH command it gets.
final class ClearTextSMTPServer {
    static let user = "rapport@koppel.test"
    static let password = "Vl1nder-wachtwoord-7"
    static let script = Stack.packageRoot.appendingPathComponent("Tests/MailTests/smtp-server.py")

    let port: Int
    let spool: URL
    private let process = Process()
    /// The server reads its stdin until the end: if the test process dies, the server stops too.
    private let lifeline = Pipe()

    init(in folder: URL) throws {
        spool = folder.appendingPathComponent("smtp-spool")
        try FileManager.default.createDirectory(at: spool, withIntermediateDirectories: true)
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = [
            Self.script.path, "--mode", "plain-auth", "--spool", spool.path, "--user", Self.user, "--password", Self.password,
        ]
        let output = Pipe()
        process.standardOutput = output
        process.standardInput = lifeline
        process.standardError = FileHandle.nullDevice
        try process.run()
        var line: [UInt8] = []
        while let byte = try output.fileHandleForReading.read(upToCount: 1)?.first, byte != 0x0A { line.append(byte) }
        guard let port = Int(String(decoding: line, as: UTF8.self)) else {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            throw StackError(description: "smtp-server.py did not report a port")
        }
        self.port = port
    }

    deinit {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    /// Every AUTH command received: its mechanism and `clear` or `tls`.
    func authCommands() throws -> [String] {
        let log = spool.appendingPathComponent("auth.log")
        guard FileManager.default.fileExists(atPath: log.path) else { return [] }
        return try String(contentsOf: log, encoding: .utf8).split(separator: "\n").map(String.init)
    }
}
