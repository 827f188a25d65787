import ArgumentParser
import Foundation
import KoppelCore
import KoppelStore

extension ConfigCommand {
    /// `koppel config reconcile`: the mismatch tolerance and the nightly e-mail's addresses.
    struct Reconcile: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Set the reconciler's tolerance and the addresses its nightly e-mail goes to.")
        @OptionGroup var store: StoreOptions
        @Argument(help: "The connection's license key.") var license: String
        @Option(help: "A difference larger than this is a mismatch, in euros (default 0.00); one up to it is still listed.")
        var tolerance: String?
        @Option(help: "Notification addresses, comma-separated (empty: no e-mail).") var notify: String?
        @Option(help: "Also send the e-mail when a run finds nothing: yes or no.") var mailWhenClean: String?

        func run() throws {
            let database = try store.open()
            let connection = try store.connection(license, in: database)
            var settings = try database.reconcileSettings(connectionID: connection.id)
            if let tolerance {
                guard let cents = try? Cents(parsing: tolerance), cents >= .zero, cents <= Cents(10_000) else {
                    throw ValidationError("--tolerance \(tolerance) is no amount between 0.00 and 100.00")
                }
                settings.tolerance = cents
            }
            if let notify {
                let addresses = notify.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
                for address in addresses where !Self.looksLikeAddress(address) {
                    throw ValidationError("\(address) is not an e-mail address")
                }
                settings.notifyEmails = addresses
            }
            if let mailWhenClean {
                guard ["yes", "no"].contains(mailWhenClean) else { throw ValidationError("--mail-when-clean takes yes or no") }
                settings.mailWhenClean = mailWhenClean == "yes"
            }
            try database.setReconcileSettings(settings, connectionID: connection.id, now: unixNow())
            print("tolerance \(settings.tolerance) €, e-mail to \(settings.notifyEmails.isEmpty ? "nobody" : settings.notifyEmails.joined(separator: ", "))"
                + (settings.mailWhenClean ? ", also when clean" : ", only when something differs"))
        }

        static func looksLikeAddress(_ text: String) -> Bool {
            let parts = text.split(separator: "@", omittingEmptySubsequences: false)
            return parts.count == 2 && !parts[0].isEmpty && parts[1].contains(".") && text.count <= 254
                && !text.contains { $0.isWhitespace || $0.isNewline || $0 == "," || $0 == ";" || $0 == "<" || $0 == ">" }
        }
    }
}
