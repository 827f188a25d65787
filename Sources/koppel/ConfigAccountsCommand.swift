import ArgumentParser
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
            let tolerance = try roundingTolerance.map { text -> Cents in
                guard let cents = try? Cents(parsing: text), cents >= .zero, cents <= Cents(100) else {
                    throw ValidationError("--rounding-tolerance must be an amount from 0.00 to 1.00 with at most two decimals")
                }
                return cents
            }
            guard giftVoucher ?? storeCredit ?? rounding ?? levy != nil || tolerance != nil else {
                throw ValidationError("give at least one of --gift-voucher, --store-credit, --rounding, --levy, --rounding-tolerance")
            }
            let database = try store.open()
            let connection = try store.connection(license, in: database)
            try database.updateBookingConfiguration(connectionID: connection.id, now: unixNow()) { configuration in
                var mapping = configuration.vatMapping ?? VATMapping.defaults()
                if let giftVoucher { mapping.accounts.giftVoucherLiability = giftVoucher }
                if let storeCredit { mapping.accounts.storeCreditLiability = storeCredit }
                if let rounding { mapping.accounts.rounding = rounding }
                if let levy { mapping.accounts.levy = levy }
                configuration.vatMapping = mapping
                if let tolerance { configuration.roundingTolerance = tolerance }
            }
            print("configuration stored for \(license)")
        }
    }
}
