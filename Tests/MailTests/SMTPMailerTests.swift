import Foundation
import Mail
import Testing

/// The mailer against a real SMTP server (aiosmtpd) on loopback; Python's email package reads
/// what arrived, so these checks do not rely on koppel's own MIME code.
struct SMTPMailerTests {
    @Test func deliversTheReportToEveryRecipientOverStartTLSWithAuth() throws {
        let server = try SMTPTestServer()
        defer { server.stop() }
        let message = try SampleReport.message()
        try SMTPMailer(settings: server.settings()).send(message)

        let mail = try #require(try server.received().first)
        #expect(try server.received().count == 1)
        #expect(mail.mailFrom == "rapport@koppel.test")
        #expect(mail.rcptTos == ["eigenaar@fietsen.test", "boekhouding@fietsen.test"])
        #expect(mail.starttls)
        #expect(mail.authenticated)
        #expect(mail.authLogin == SMTPTestServer.user)
        let authCommands = try server.authCommands()
        #expect(!authCommands.isEmpty && authCommands.allSatisfy { $0.hasSuffix(" tls") }, "\(authCommands)")

        let headers = mail.message.headers
        #expect(headers["Subject"] == "Afstemming — 2 afwijkingen")
        #expect(headers["From"] == "koppel rapportage <rapport@koppel.test>")
        #expect(headers["To"] == "Joëlle de Vries <eigenaar@fietsen.test>, boekhouding@fietsen.test")
        #expect(headers["Message-ID"] == "<afstemming-2026-03-02.1@koppel.test>")
        #expect(mail.message.dateEpoch == SampleReport.date.timeIntervalSince1970)

        let parts = mail.message.parts
        #expect(parts.map(\.contentType) == ["multipart/mixed", "text/plain", "text/csv"])
        #expect(parts.allSatisfy { $0.defects.isEmpty }, "\(parts.map(\.defects))")
        let text = try #require(parts[1].text)
        #expect(text.replacingOccurrences(of: "\r\n", with: "\n") == SampleReport.text)
        #expect(parts[1].params["charset"] == "utf-8")

        let csv = parts[2]
        #expect(csv.filename == SampleReport.filename)
        #expect(csv.disposition == "attachment")
        #expect(csv.params["charset"] == "utf-8")
        #expect(csv.params["name"] == SampleReport.filename)
        #expect(csv.transferEncoding == "base64")
        #expect(csv.payload == SampleReport.csv)
        #expect(csv.payload?.prefix(3) == Data([0xEF, 0xBB, 0xBF]))

        // What arrived is what was rendered, byte for byte: lines in CRLF, none longer than 78.
        let raw = String(decoding: mail.raw, as: UTF8.self)
        #expect(raw.components(separatedBy: "\r\n").allSatisfy { $0.utf8.count <= 78 })
        #expect(!raw.replacingOccurrences(of: "\r\n", with: "").contains("\n"))
    }

    @Test func oneMailerSendsOneMessageAfterAnother() throws {
        let server = try SMTPTestServer()
        defer { server.stop() }
        let mailer = try SMTPMailer(settings: server.settings())
        var first = try SampleReport.message(messageID: "<eerste@koppel.test>")
        first.attachments = []
        try mailer.send(first)
        try mailer.send(
            try SampleReport.message(to: [try MailAddress("tweede@fietsen.test")], messageID: "<tweede@koppel.test>"))
        let received = try server.received()
        #expect(received.map { $0.message.headers["Message-ID"] } == ["<eerste@koppel.test>", "<tweede@koppel.test>"])
        #expect(received[0].message.parts.map(\.contentType) == ["text/plain"])
        #expect(received[1].rcptTos == ["tweede@fietsen.test"])
    }

    @Test func aWrongPasswordIsAnAuthenticationErrorThatDoesNotShowIt() throws {
        let server = try SMTPTestServer()
        defer { server.stop() }
        let wrong = "Verkeerd-wachtwoord-99"
        let error = try sendFailure(server.settings(password: wrong))
        #expect(error.kind == .authentication)
        #expect(error.replyCode == 535)
        #expect(!error.message.contains(wrong) && !error.description.contains(wrong))
        #expect(!error.message.contains(Data(wrong.utf8).base64EncodedString()))
        #expect(!error.isTransient)
        #expect(try server.received().isEmpty)
    }

    @Test func noCredentialsWhereTheServerRequiresThemIsAnAuthenticationError() throws {
        let server = try SMTPTestServer()
        defer { server.stop() }
        let error = try sendFailure(server.settings(username: nil, password: nil))
        #expect(error.kind == .authentication)
        #expect(error.replyCode == 530)
        #expect(try server.received().isEmpty)
    }

    @Test func startTLSRequiredRefusesAServerWithoutIt() throws {
        let server = try SMTPTestServer(.plain)
        defer { server.stop() }
        let error = try sendFailure(server.settings(security: .startTLSRequired))
        #expect(error.kind == .tls)
        #expect(error.message.contains("STARTTLS"))
        #expect(try server.received().isEmpty)
    }

    @Test func startTLSWhenOfferedSendsInPlainTextToAServerWithoutIt() throws {
        let server = try SMTPTestServer(.plain)
        defer { server.stop() }
        try SMTPMailer(settings: server.settings(username: nil, password: nil)).send(try SampleReport.message())
        let mail = try #require(try server.received().first)
        #expect(!mail.starttls)
        #expect(mail.message.parts.last?.payload == SampleReport.csv)
    }

    /// A server without STARTTLS that offers AUTH all the same, as a man in the middle who strips
    /// STARTTLS would: with credentials, when-offered is read as required and nothing is sent.
    @Test func startTLSWhenOfferedNeverSendsCredentialsInTheClear() throws {
        let server = try SMTPTestServer(.plainAuth)
        defer { server.stop() }
        let error = try sendFailure(server.settings(security: .startTLSWhenOffered))
        #expect(error.kind == .tls)
        #expect(error.message.contains("STARTTLS"), "\(error.message)")
        let authCommands = try server.authCommands()
        #expect(authCommands.isEmpty, "\(authCommands)")
        #expect(try server.received().isEmpty)
    }

    /// No TLS at all is for a relay without credentials; with a user or password it is refused
    /// before any connection is made.
    @Test func noTLSWithCredentialsIsRefusedBeforeConnecting() throws {
        let server = try SMTPTestServer(.plainAuth)
        defer { server.stop() }
        for settings in [server.settings(security: .none), server.settings(password: nil, security: .none)] {
            let error = try sendFailure(settings)
            #expect(error.kind == .invalidSettings, "\(error)")
            #expect(error.message.contains("never sent without TLS"), "\(error.message)")
            #expect(!error.message.contains(SMTPTestServer.password))
        }
        let authCommands = try server.authCommands()
        #expect(authCommands.isEmpty, "\(authCommands)")
        #expect(try server.received().isEmpty)
    }

    @Test func anUntrustedCertificateIsATLSError() throws {
        let server = try SMTPTestServer()
        defer { server.stop() }
        var settings = server.settings()
        settings.caFile = nil  // the system's certificate authorities do not know the test's own
        let error = try sendFailure(settings)
        #expect(error.kind == .tls)
        #expect(try server.received().isEmpty)
    }

    @Test func aRefusedRecipientIsNamedAndNothingIsSent() throws {
        let server = try SMTPTestServer()
        defer { server.stop() }
        let message = try SampleReport.message(to: [
            try MailAddress("eigenaar@fietsen.test"), try MailAddress("niemand@refused.test"),
        ])
        let error = try sendFailure(server.settings(), message)
        #expect(error.kind == .recipientRefused)
        #expect(error.replyCode == 550)
        #expect(error.message.contains("niemand@refused.test"))
        #expect(try server.received().isEmpty)
    }

    @Test func anUnreachablePortIsAConnectionError() throws {
        let closed = ClosedPort()
        let settings = SMTPSettings(
            url: "smtp://127.0.0.1:\(closed.port)", username: "u", password: "geheim", timeout: 5)
        let error = try sendFailure(settings)
        #expect(error.kind == .connection)
        #expect(error.message.contains("127.0.0.1 port \(closed.port)"))
        #expect(error.isTransient)
    }

    private func sendFailure(_ settings: SMTPSettings, _ message: MailMessage? = nil) throws -> MailError {
        let message = try message ?? SampleReport.message()
        do {
            try SMTPMailer(settings: settings).send(message)
        } catch {
            return error
        }
        throw TestServerError(description: "the message was sent")
    }
}
