import ArgumentParser
import KoppelHTTP
import KoppelStore

@main
struct Koppel: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "koppel",
        abstract: "Book webshop orders into the ledger, exactly once.",
        subcommands: [
            InitCommand.self, ConnectionCommand.self, LedgerCommand.self, ConfigCommand.self, OrdersCommand.self, PushCommand.self, FetchCommand.self, SyncCommand.self,
            RecheckCommand.self, ReprocessCommand.self, ReconcileCommand.self, MailCommand.self, UserCommand.self,
        ])

    static func main() {
        // Before any file is made: the database, reports and key are for koppel's user and group.
        FileModes.restrictProcess()
        CurlHTTPClient.globalInit()
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            exit(withError: error)
        }
    }
}

/// Options every command that opens the store shares.
struct StoreOptions: ParsableArguments {
    @Option(help: "SQLite database file (default: $KOPPEL_DATABASE or /var/lib/koppel/koppel.sqlite).")
    var database: String?

    @Option(help: "Master key file (default: $KOPPEL_MASTER_KEY or /etc/koppel/master.key).")
    var masterKey: String?
}
