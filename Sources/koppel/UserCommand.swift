import ArgumentParser
import Foundation
import KoppelAdmin
import KoppelStore

/// Dashboard accounts: operators make them and attach connections; a user sees only those.
struct UserCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user", abstract: "Manage the dashboard's accounts.",
        subcommands: [Add.self, Attach.self, Detach.self, List.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Add an account; its password is read from stdin (at least \(PasswordHash.minimumLength) characters).")

        @OptionGroup var store: StoreOptions
        @Argument(help: "The user's e-mail address, their login.") var email: String

        func run() throws {
            guard let email = AccountRules.email(email) else {
                throw ValidationError("\(email) is not an e-mail address")
            }
            // The password from stdin, not an argument: arguments are visible in ps and the shell's history.
            var password = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
            while password.hasSuffix("\n") || password.hasSuffix("\r") { password.removeLast() }
            let hash: PasswordHash
            do {
                hash = try PasswordHash.make(password)
            } catch let error as AdminError {
                throw ValidationError(error.description)
            }
            guard try store.open().addUser(email: email, passwordHash: hash.stored, now: unixNow()) else {
                throw ValidationError("\(email) has an account already")
            }
            print("account \(email) added")
        }
    }

    struct Attach: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Let a user see and work on a connection.")

        @OptionGroup var store: StoreOptions
        @Argument(help: "The user's e-mail address.") var email: String
        @Argument(help: "The connection's license key.") var license: String

        func run() throws {
            switch try store.open().attach(email: email, license: license) {
            case .attached: print("\(license) attached to \(email)")
            case .alreadyAttached: print("\(license) was attached to \(email) already")
            case .noUser: throw ValidationError("no account \(email)")
            case .noConnection: throw ValidationError("no connection has license \(license)")
            }
        }
    }

    struct Detach: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Take a connection away from a user; their sessions no longer see it.")

        @OptionGroup var store: StoreOptions
        @Argument(help: "The user's e-mail address.") var email: String
        @Argument(help: "The connection's license key.") var license: String

        func run() throws {
            guard try store.open().detach(email: email, license: license) else {
                throw ValidationError("\(license) is not attached to \(email)")
            }
            print("\(license) detached from \(email)")
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the accounts and their connections.")

        @OptionGroup var store: StoreOptions

        func run() throws {
            printTable(
                header: ["EMAIL", "CONNECTIONS"],
                rows: try store.open().users().map {
                    [$0.email, $0.licenses.isEmpty ? "-" : $0.licenses.joined(separator: ", ")]
                })
        }
    }
}
