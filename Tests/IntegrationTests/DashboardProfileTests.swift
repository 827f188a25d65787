import Crypto
import Foundation
import GRDB
import KoppelHTTP
import KoppelStore
import Testing

/// Profiel and the password reset by mail, through nginx and a real koppel-web, with a real SMTP
/// server on loopback (Tests/MailTests/smtp-server.py).
@Suite struct DashboardProfileTests {
    static let password = "Correct-Horse-2026"
    static let newPassword = "Nieuw-Paard-Batterij-9"

    @Test func profileShowsTheConnectionsAndChangesEmailAndPassword() throws {
        let sandbox = try LedgerSandbox()
        let (stack, web) = try DashboardTabsTests.bookedStack(sandbox: sandbox)
        defer { withExtendedLifetime(web) {} }
        try stack.addUser("eigenaar@example.nl", password: Self.password, licenses: [stack.license])
        try stack.addUser("boekhouder@example.nl", password: Self.password, licenses: [])
        var here = DashboardClient(stack)
        var elsewhere = DashboardClient(stack)
        #expect(try here.login("eigenaar@example.nl", Self.password).status == 200)
        #expect(try elsewhere.login("eigenaar@example.nl", Self.password).status == 200)

        let profile = try answerObject(try here.call("GET", "profile"))
        #expect(profile["email"] as? String == "eigenaar@example.nl")
        let connection = try #require((profile["connections"] as? [[String: Any]])?.first)
        #expect(connection["license"] as? String == stack.license)
        #expect(connection["name"] as? String == "Stack shop")
        #expect(connection["active"] as? Bool == true)
        let ledger = try #require(connection["ledger_connection"] as? [String: Any])
        #expect(ledger["administration_id"] as? String == LedgerSandbox.administration)
        let sync = try #require(connection["last_sync"] as? [String: Any])
        #expect(sync["ok"] as? Bool == true)

        // The e-mail address: the rules of `koppel user add`, unique without case.
        let notAnAddress = try here.call("PUT", "profile", json: ["email": "geen adres"])
        #expect(notAnAddress.status == 400)
        #expect(try errorCode(notAnAddress) == "bad_request")
        let taken = try here.call("PUT", "profile", json: ["email": "Boekhouder@Example.nl"])
        #expect(taken.status == 409)
        #expect(try errorCode(taken) == "email_taken")
        #expect(try here.call("PUT", "profile", json: ["email": "nieuw@example.nl"], sendCSRF: false).status == 403)
        #expect(try here.call("PUT", "profile", json: ["email": " nieuw@example.nl "]).status == 200)
        let session = try answerObject(try here.call("GET", "session"))
        #expect((session["user"] as? [String: Any])?["email"] as? String == "nieuw@example.nl")

        // The password: the current one first, at least 12 characters; the other session ends.
        let wrong = try here.call(
            "PUT", "profile/password", json: ["current": "Wrong-Horse-2026", "new": Self.newPassword])
        #expect(wrong.status == 403)
        #expect(try errorCode(wrong) == "current_password_wrong")
        let short = try here.call("PUT", "profile/password", json: ["current": Self.password, "new": "kort-123"])
        #expect(short.status == 400)
        #expect(try elsewhere.call("GET", "session").status == 200)
        let changed = try here.call(
            "PUT", "profile/password", json: ["current": Self.password, "new": Self.newPassword])
        #expect(changed.status == 200, "\(changed.text)")
        #expect(try here.call("GET", "session").status == 200)
        #expect(try elsewhere.call("GET", "session").status == 401)
        var again = DashboardClient(stack)
        #expect(try again.login("nieuw@example.nl", Self.password).status == 401)
        #expect(try again.login("nieuw@example.nl", Self.newPassword).status == 200)
        let stored = try stack.database.pool.read { db in
            try String.fetchOne(db, sql: "SELECT password_hash FROM app_user WHERE email = 'nieuw@example.nl'")
        }
        #expect(stored?.hasPrefix("scrypt$32768$8$1$") == true)
    }

    @Test func aResetLinkByMailWorksOnceAndEndsEverySession() throws {
        let stack = try Stack()
        let smtp = try SpoolSMTPServer(in: stack.folder)
        let web = try KoppelWebProcess(stack, arguments: ["--public-url", "https://koppel.example.nl/"])
        defer { withExtendedLifetime(web) {} }
        let set = try runProgram(
            "koppel",
            [
                "mail", "set", "--url", "smtp://127.0.0.1:\(smtp.port)", "--from", "koppel@example.nl", "--security",
                "none",
            ],
            environment: stack.environment)
        #expect(set.status == 0, "\(set.errors)")
        try stack.addUser("eigenaar@example.nl", password: Self.password, licenses: [stack.license])
        var signedIn = DashboardClient(stack)
        #expect(try signedIn.login("eigenaar@example.nl", Self.password).status == 200)
        let anonymous = DashboardClient(stack)

        // The same answer for an unknown address; the link never takes the request's Host.
        let unknown = try anonymous.call("POST", "password-reset", json: ["email": "niemand@example.nl"])
        let known = try anonymous.call(
            "POST", "password-reset", json: ["email": "Eigenaar@example.nl"], headers: [("Host", "aanvaller.example")])
        #expect(unknown.status == 202)
        #expect(known.status == 202)
        #expect(unknown.text == known.text)
        let mail = try smtp.waitForMessages(1)[0]
        #expect(mail.recipients == ["eigenaar@example.nl"])
        let token = try #require(
            mail.text.components(separatedBy: "https://koppel.example.nl/#herstel=").dropFirst().first?
                .prefix { !$0.isWhitespace })
        #expect(token.count >= 43)
        // Kept only as its SHA-256.
        let hashes = try stack.database.pool.read { db in
            try Data.fetchAll(db, sql: "SELECT token_hash FROM password_reset")
        }
        #expect(hashes == [Data(SHA256.hash(data: Data(token.utf8)))])

        let short = try anonymous.call(
            "POST", "password-reset/confirm", json: ["token": String(token), "password": "kort-123"])
        #expect(short.status == 400)
        let reset = try anonymous.call(
            "POST", "password-reset/confirm", json: ["token": String(token), "password": Self.newPassword])
        #expect(reset.status == 200, "\(reset.text)")
        let reused = try anonymous.call(
            "POST", "password-reset/confirm", json: ["token": String(token), "password": "Nog-Een-Wachtwoord-1"])
        #expect(reused.status == 400)
        #expect(try errorCode(reused) == "reset_token_invalid")
        #expect(try errorMessage(reused).contains("verlopen of al gebruikt"))
        #expect(try signedIn.call("GET", "session").status == 401)
        var login = DashboardClient(stack)
        #expect(try login.login("eigenaar@example.nl", Self.password).status == 401)
        #expect(try login.login("eigenaar@example.nl", Self.newPassword).status == 200)

        // A link older than an hour is refused, and changes nothing.
        #expect(try anonymous.call("POST", "password-reset", json: ["email": "eigenaar@example.nl"]).status == 202)
        let second = try smtp.waitForMessages(2)[1]
        let expiredToken = try #require(
            second.text.components(separatedBy: "#herstel=").dropFirst().first?
                .prefix { !$0.isWhitespace })
        try stack.database.pool.write { db in
            try db.execute(sql: "UPDATE password_reset SET expires_at = expires_at - 3601 WHERE used_at IS NULL")
        }
        let expired = try anonymous.call(
            "POST", "password-reset/confirm", json: ["token": String(expiredToken), "password": "Nog-Een-Wachtwoord-1"])
        #expect(expired.status == 400)
        #expect(try login.call("GET", "session").status == 200)

        // Three mails an hour per account; more requests are answered the same and send nothing.
        #expect(try anonymous.call("POST", "password-reset", json: ["email": "eigenaar@example.nl"]).status == 202)
        _ = try smtp.waitForMessages(3)
        #expect(try anonymous.call("POST", "password-reset", json: ["email": "eigenaar@example.nl"]).status == 202)
        #expect(
            try stack.database.pool.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM password_reset") } == 3
        )
        // Ten requests an hour per client address, known or not (five so far); then 429.
        for _ in 0..<5 {
            #expect(try anonymous.call("POST", "password-reset", json: ["email": "niemand@example.nl"]).status == 202)
        }
        let limited = try anonymous.call("POST", "password-reset", json: ["email": "niemand@example.nl"])
        #expect(limited.status == 429)
        #expect(limited.header("retry-after") != nil)
        #expect(try smtp.messages().count == 3)
    }

    func errorCode(_ response: HTTPResponse) throws -> String? {
        (try answerObject(response)["error"] as? [String: Any])?["code"] as? String
    }

    func errorMessage(_ response: HTTPResponse) throws -> String {
        (try answerObject(response)["error"] as? [String: Any])?["message"] as? String ?? ""
    }
}

/// Tests/MailTests/smtp-server.py without TLS or AUTH (a local relay), writing every message it
/// receives into a spool folder; stopped on release.
final class SpoolSMTPServer {
    struct Received {
        var recipients: [String]
        var text: String
    }

    let port: Int
    let spool: URL
    private let process = Process()
    /// The server reads its stdin until the end: if the test process dies, the server stops too.
    private let lifeline = Pipe()

    init(in folder: URL) throws {
        spool = folder.appendingPathComponent("smtp-spool")
        try FileManager.default.createDirectory(at: spool, withIntermediateDirectories: true)
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = [ClearTextSMTPServer.script.path, "--mode", "plain", "--spool", spool.path]
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

    /// The messages received so far, in order.
    func messages() throws -> [Received] {
        let names = try FileManager.default.contentsOfDirectory(atPath: spool.path)
            .filter { $0.hasSuffix(".json") }.sorted { Int($0.dropLast(5)) ?? 0 < Int($1.dropLast(5)) ?? 0 }
        return try names.map { name in
            let data = try Data(contentsOf: spool.appendingPathComponent(name))
            guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any],
                let recipients = object["rcpt_tos"] as? [String],
                let parts = (object["message"] as? [String: Any])?["parts"] as? [[String: Any]]
            else { throw StackError(description: "unexpected spool file \(name)") }
            return Received(
                recipients: recipients, text: parts.compactMap { $0["text"] as? String }.joined(separator: "\n"))
        }
    }

    /// Waits up to 30 s for `count` messages (koppel-web sends after it answers).
    func waitForMessages(_ count: Int) throws -> [Received] {
        for _ in 0..<600 {
            let received = try messages()
            if received.count >= count { return received }
            usleep(50_000)
        }
        throw StackError(description: "fewer than \(count) messages arrived in 30 s")
    }
}
