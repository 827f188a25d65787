import ArgumentParser
import Foundation
import KoppelStore
import Mail
import Reconciliation

/// `koppel mail`: the SMTP server the nightly reconcile e-mail goes through.
struct MailCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mail", abstract: "Set up the SMTP server for the nightly e-mail.", subcommands: [Set.self, Show.self, Test.self])

    struct Set: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Store the SMTP server; the password is read from a file, sealed.")
        @OptionGroup var store: StoreOptions
        @Option(help: "smtp://host:port (STARTTLS) or smtps://host:port (TLS from the start).") var url: String
        @Option(help: "The sender address.") var from: String
        @Option(help: "User name, when the server wants authentication.") var user: String?
        @Option(help: "File holding the password (never on the command line).") var passwordFile: String?
        @Option(help: """
            STARTTLS on an smtp:// URL: required (default), when-offered or none (a relay that needs no TLS);             with --user only required, or an smtps:// URL.
            """)
        var security: MailSecurity = .required
        @Option(help: "CA certificates (PEM) to verify the server with, instead of the system's.") var caFile: String?

        func run() throws {
            guard url.hasPrefix("smtp://") || url.hasPrefix("smtps://") else { throw ValidationError("--url must start with smtp:// or smtps://") }
            guard (try? MailAddress(from)) != nil else { throw ValidationError("--from \(from) is not an e-mail address") }
            let password = try passwordFile.map {
                try String(contentsOfFile: $0, encoding: .utf8).trimmingCharacters(in: .newlines)
            }
            if password != nil, user == nil { throw ValidationError("a password needs --user") }
            let smtp = SMTPSettings(url: url, username: user, password: password, security: security.settings)
            if smtp.hasCredentials, !smtp.isImplicitTLS, security != .required {
                throw ValidationError(
                    "the SMTP password is never sent without TLS: with --user, --security must be required (or the URL "
                        + "smtps://); \(security.rawValue) would send it in the clear to a server that does not offer STARTTLS")
            }
            let database = try store.open()
            let sealer = SecretSealer(masterKey: try MasterKey.forSealing(at: store.masterKeyPath, in: database))
            try database.setMailSettings(
                StoredMailSettings(
                    url: url, sender: from, username: user, password: password, security: security.settings.rawValue, caFile: caFile),
                sealer: sealer, now: unixNow())
            print("mail goes through \(url) from \(from)" + (user.map { " as \($0)" } ?? ""))
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show the SMTP server (never the password).")
        @OptionGroup var store: StoreOptions

        func run() throws {
            let sealer = SecretSealer(masterKey: try MasterKey.load(from: store.masterKeyPath))
            guard let settings = try store.open().mailSettings(sealer: sealer) else {
                print("no SMTP server is set")
                return
            }
            print("\(settings.url) from \(settings.sender), security \(MailCommand.shownSecurity(settings))"
                + (settings.username.map { ", user \($0)" } ?? "") + (settings.password == nil ? "" : ", password set"))
        }
    }

    struct Test: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Send a test message.")
        @OptionGroup var store: StoreOptions
        @Option(help: "The address to send it to.") var to: String

        func run() throws {
            let sealer = SecretSealer(masterKey: try MasterKey.load(from: store.masterKeyPath))
            guard let mail = try NightlyMail(try store.open().mailSettings(sealer: sealer)) else {
                throw ValidationError("no SMTP server is set (koppel mail set)")
            }
            let message = MailMessage(
                from: mail.sender, to: [try MailAddress(to)], subject: "koppel: testbericht",
                text: "Dit is een testbericht van koppel: de nachtelijke afstemming kan e-mail versturen.\n")
            try SMTPMailer(settings: mail.smtp).send(message)
            print("sent to \(to)")
        }
    }

    /// The security as stored, and what a delivery makes of it (`SMTPSettings+TLS.swift`).
    static func shownSecurity(_ stored: StoredMailSettings) -> String {
        guard let security = SMTPSettings.Security(rawValue: stored.security) else { return stored.security }
        let smtp = SMTPSettings(url: stored.url, username: stored.username, password: stored.password, security: security)
        let named = MailSecurity(security).rawValue
        if smtp.sendsCredentialsInTheClear {
            return "\(named): refused with credentials, which go over TLS only (koppel mail set --security required)"
        }
        guard smtp.effectiveSecurity != security else { return named }
        return "\(MailSecurity(smtp.effectiveSecurity).rawValue) (stored as \(named): with credentials koppel requires STARTTLS)"
    }
}

/// `--security`: how STARTTLS is used on an smtp:// URL.
enum MailSecurity: String, CaseIterable, ExpressibleByArgument {
    case required
    case whenOffered = "when-offered"
    case none

    init(_ security: SMTPSettings.Security) {
        switch security {
        case .startTLSRequired: self = .required
        case .startTLSWhenOffered: self = .whenOffered
        case .none: self = .none
        }
    }

    var settings: SMTPSettings.Security {
        switch self {
        case .required: .startTLSRequired
        case .whenOffered: .startTLSWhenOffered
        case .none: SMTPSettings.Security.none
        }
    }
}
