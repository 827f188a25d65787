import Booking
import Foundation
import KoppelCore
import KoppelHTTP
import KoppelStore
import Mail
import Reconciliation
import Testing

/// The nightly e-mail end to end: a reconcile run that finds a mismatch mails its summary and CSV
/// through a real SMTP server on loopback (Tests/MailTests/smtp-server.py, aiosmtpd), which parses
/// what it received with Python's own e-mail package. STARTTLS and AUTH are covered in MailTests.
@Suite(.serialized)
struct ReconcileMailTests {
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("MailTests/smtp-server.py")

    /// The test SMTP server, writing each message it receives to `spool` as `1.json`, `2.json`, ...
    final class SpoolServer {
        let spool: URL
        let mail: NightlyMail
        private let server = Process()
        private let input = Pipe()

        init(in folder: URL) throws {
            spool = folder.appendingPathComponent("spool")
            try FileManager.default.createDirectory(at: spool, withIntermediateDirectories: true)
            server.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
            server.arguments = [ReconcileMailTests.script.path, "--mode", "plain", "--spool", spool.path]
            let output = Pipe()
            server.standardOutput = output
            server.standardInput = input
            try server.run()
            var line: [UInt8] = []
            while let byte = try output.fileHandleForReading.read(upToCount: 1)?.first, byte != 0x0A { line.append(byte) }
            let port = try #require(Int(String(decoding: line, as: UTF8.self)))
            mail = NightlyMail(
                smtp: SMTPSettings(url: "smtp://127.0.0.1:\(port)", security: .none, timeout: 20),
                sender: try MailAddress("koppel@example.nl", name: "koppel"))
        }

        deinit {
            kill(server.processIdentifier, SIGKILL)
            server.waitUntilExit()
        }

        /// The records of the messages received so far: one `N.json` each.
        func received() throws -> [String] {
            try FileManager.default.contentsOfDirectory(atPath: spool.path).filter { $0.hasSuffix(".json") }.sorted()
        }
    }

    @Test func aRunWithMismatchesMailsItsReportAndACleanOneDoesNot() throws {
        let run = try ReconcileJobTests.Reconciling()
        let setup = run.setup
        for id in 51...52 { try setup.push(1, id: Int64(id)) }
        #expect(try setup.job.run(setup.connection).booked == 2)
        try setup.database.setReconcileSettings(
            ReconcileSettings(notifyEmails: ["shop@example.nl", "boekhouder@example.nl"]), connectionID: setup.connection.id, now: 1)
        let server = try SpoolServer(in: setup.folder)
        defer { withExtendedLifetime(server) {} }
        let spool = server.spool, mail = server.mail

        // Clean: no mail.
        let clean = try run.job.run(setup.connection, period: ReconcileJobTests.period, mail: mail)
        #expect(clean.mail == nil)
        #expect(try FileManager.default.contentsOfDirectory(atPath: spool.path).isEmpty)

        // Deleted in the ledger: one mail to both addresses, the CSV attached.
        #expect(try setup.sandbox.admin("DELETE", "sales_invoices/\(try run.invoice("52")["id"]!)").status == 204)
        let outcome = try run.job.run(setup.connection, period: ReconcileJobTests.period, mail: mail)
        #expect(outcome.mail == "sent to shop@example.nl, boekhouder@example.nl")
        #expect(!outcome.mailFailed)
        let received = try Data(contentsOf: spool.appendingPathComponent("1.json"))
        let record = try #require(try JSONSerialization.jsonObject(with: received) as? [String: Any])
        #expect(record["rcpt_tos"] as? [String] == ["shop@example.nl", "boekhouder@example.nl"])
        let message = try #require(record["message"] as? [String: Any])
        let headers = try #require(message["headers"] as? [String: String])
        #expect(headers["Subject"] == outcome.subject)
        #expect(outcome.subject.contains("1 afwijking"))
        let parts = try #require(message["parts"] as? [[String: Any]])
        let text = try #require(parts.first { ($0["content_type"] as? String) == "text/plain" && $0["filename"] is NSNull })
        #expect((text["text"] as? String)?.contains("ontbreekt: 1") == true)
        let attachment = try #require(parts.first { $0["filename"] as? String == (outcome.csvPath as NSString).lastPathComponent })
        let csv = try #require((attachment["payload_base64"] as? String).flatMap { Data(base64Encoded: $0) })
        #expect(csv == (try Data(contentsOf: URL(fileURLWithPath: outcome.csvPath))))
        #expect(String(decoding: csv, as: UTF8.self).contains("52;"))
        #expect((attachment["defects"] as? [Any])?.isEmpty == true)
    }

    @Test func aCentWithinTheToleranceIsMailedToo() throws {
        let run = try ReconcileJobTests.Reconciling()
        let setup = run.setup
        try setup.push(1, id: 55)
        #expect(try setup.job.run(setup.connection).booked == 1)
        try setup.database.setReconcileSettings(
            ReconcileSettings(tolerance: Cents(1), notifyEmails: ["shop@example.nl"]), connectionID: setup.connection.id, now: 1)
        let server = try SpoolServer(in: setup.folder)
        defer { withExtendedLifetime(server) {} }

        let clean = try run.job.run(setup.connection, period: ReconcileJobTests.period, mail: server.mail)
        #expect(clean.mail == nil)
        #expect(try server.received().isEmpty)

        // Within the tolerance, so no error of the order; but something differs, so the run is not clean.
        try run.raiseFirstLine(of: "55", by: 1)
        let outcome = try run.job.run(setup.connection, period: ReconcileJobTests.period, mail: server.mail)
        #expect(outcome.summary.mismatches == 0)
        #expect(outcome.mail == "sent to shop@example.nl")
        #expect(try server.received() == ["1.json"])
        #expect(outcome.subject.contains("2 verschillen binnen de tolerantie"))
    }

    @Test func aMailThatCannotGoIsToldAndTheReportStays() throws {
        let run = try ReconcileJobTests.Reconciling()
        let setup = run.setup
        try setup.push(1, id: 61)
        #expect(try setup.job.run(setup.connection).booked == 1)
        try setup.database.setReconcileSettings(
            ReconcileSettings(notifyEmails: ["shop@example.nl"], mailWhenClean: true), connectionID: setup.connection.id, now: 1)
        let unreachable = NightlyMail(
            smtp: SMTPSettings(url: "smtp://127.0.0.1:9", security: .none, timeout: 5), sender: try MailAddress("koppel@example.nl"))
        let outcome = try run.job.run(setup.connection, period: ReconcileJobTests.period, mail: unreachable)
        #expect(outcome.mailFailed)
        #expect(outcome.mail?.hasPrefix("not sent:") == true)
        #expect(FileManager.default.fileExists(atPath: outcome.csvPath))
    }
}
