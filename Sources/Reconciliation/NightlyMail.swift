import Foundation
import KoppelCore
import KoppelStore
import Mail

/// The nightly e-mail of a run: the summary as text, the CSV attached, to the connection's
/// notification addresses; none for a clean run unless asked for.
public struct NightlyMail: Sendable {
    public var smtp: SMTPSettings
    public var sender: MailAddress

    public init(smtp: SMTPSettings, sender: MailAddress) {
        self.smtp = smtp
        self.sender = sender
    }

    /// The mail settings as stored, ready to send; nil when none are set.
    public init?(_ stored: StoredMailSettings?) throws {
        guard let stored else { return nil }
        guard let security = SMTPSettings.Security(rawValue: stored.security) else {
            throw ReconcileError.unknownSecurity(stored.security)
        }
        self.init(
            smtp: SMTPSettings(
                url: stored.url, username: stored.username, password: stored.password, security: security, caFile: stored.caFile),
            sender: try MailAddress(stored.sender, name: "koppel"))
    }

    static func isDue(_ summary: ReconcileSummary, _ settings: ReconcileSettings) -> Bool {
        !settings.notifyEmails.isEmpty && (!summary.isClean || settings.mailWhenClean)
    }

    func message(subject: String, text: String, csvPath: String, to addresses: [String]) throws -> MailMessage {
        let recipients = try addresses.map { address throws(MailError) in try MailAddress(address) }
        let csv = try Data(contentsOf: URL(fileURLWithPath: csvPath))
        return MailMessage(
            from: sender, to: recipients, subject: subject, text: text,
            attachments: [MailAttachment(
                filename: (csvPath as NSString).lastPathComponent, contentType: "text/csv; charset=utf-8", data: csv)])
    }

    /// Sends it; the answer says what happened, for the run's record.
    func send(subject: String, text: String, csvPath: String, to addresses: [String]) throws -> String {
        try SMTPMailer(settings: smtp).send(message(subject: subject, text: text, csvPath: csvPath, to: addresses))
        return "sent to " + addresses.joined(separator: ", ")
    }
}
