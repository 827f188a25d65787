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
        @Option(help: "STARTTLS: when-offered (default), required or none.") var security = "when-offered"
        @Option(help: "CA certificates (PEM) to verify the server with, instead of the system's.") var caFile: String?

        func run() throws {
            guard url.hasPrefix("smtp://") || url.hasPrefix("smtps://") else { throw ValidationError("--url must start with smtp:// or smtps://") }
            guard (try? MailAddress(from)) != nil else { throw ValidationError("--from \(from) is not an e-mail address") }
            guard let level = MailCommand.security(security) else { throw ValidationError("--security takes when-offered, required or none") }
            let password = try passwordFile.map {
                try String(contentsOfFile: $0, encoding: .utf8).trimmingCharacters(in: .newlines)
            }
            if password != nil, user == nil { throw ValidationError("a password needs --user") }
            let database = try store.open()
            let sealer = SecretSealer(masterKey: try MasterKey.forSealing(at: store.masterKeyPath, in: database))
            try database.setMailSettings(
                StoredMailSettings(url: url, sender: from, username: user, password: password, security: level.rawValue, caFile: caFile),
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
            print("\(settings.url) from \(settings.sender), security \(settings.security)"
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

    static func security(_ text: String) -> SMTPSettings.Security? {
        switch text {
        case "when-offered": return .startTLSWhenOffered
        case "required": return .startTLSRequired
        case "none": return SMTPSettings.Security.none
        default: return nil
        }
    }
}
