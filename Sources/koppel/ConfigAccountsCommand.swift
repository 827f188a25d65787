import ArgumentParser
import KoppelAdmin
import KoppelCore
import KoppelStore

extension ConfigCommand {
    /// The accounts and tolerance a booking needs beside the VAT mapping.
    struct Accounts: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Set the liability accounts (gift vouchers sold, store credit), the rounding and levy accounts and the rounding tolerance.")
        @OptionGroup var store: StoreOptions
        @Argument(help: "The connection's license key.") var license: String
        @Option(help: "Ledger account for gift vouchers sold and redeemed (a liability).") var giftVoucher: String?
        @Option(help: "Ledger account for store credit used (a liability).") var storeCredit: String?
        @Option(help: "Ledger account for rounding differences.") var rounding: String?
        @Option(help: "Ledger account for fixed levies that are not VAT (eco tax).") var levy: String?
        @Option(help: "The largest rounding difference booked on the rounding line, in euros (e.g. 0.02).") var roundingTolerance: String?

        func run() throws {
            try editing(store, license) { edit in
                let tolerance = try roundingTolerance.map(ConnectionConfiguration.roundingTolerance)
                guard giftVoucher ?? storeCredit ?? rounding ?? levy != nil || tolerance != nil else {
                    throw ValidationError("give at least one of --gift-voucher, --store-credit, --rounding, --levy, --rounding-tolerance")
                }
                try edit.setAccounts(
                    .init(giftVoucher: giftVoucher, storeCredit: storeCredit, rounding: rounding, levy: levy, roundingTolerance: tolerance))
            }
        }
    }
}
