import ArgumentParser
import Foundation
import KoppelAdmin
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
            if let mailWhenClean, !["yes", "no"].contains(mailWhenClean) {
                throw ValidationError("--mail-when-clean takes yes or no")
            }
            let database = try store.open()
            let connection = try store.connection(license, in: database)
            let settings: ReconcileSettings
            do {
                settings = try ConnectionConfiguration(database: database, connection: connection, now: unixNow()).setReconcile(
                    tolerance: tolerance, notify: notify.map { $0.split(separator: ",").map(String.init) },
                    mailWhenClean: mailWhenClean.map { $0 == "yes" })
            } catch let error as ConfigurationError {
                throw ValidationError(error.description)
            }
            print("tolerance \(settings.tolerance) €, e-mail to \(settings.notifyEmails.isEmpty ? "nobody" : settings.notifyEmails.joined(separator: ", "))"
                + (settings.mailWhenClean ? ", also when clean" : ", only when something differs"))
        }
    }
}
