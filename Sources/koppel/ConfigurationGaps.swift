import KoppelCore
import KoppelStore

/// What a connection still lacks before every kind of order can be booked, in the owner's words:
/// `koppel config show` lists it, so that no order waits for a setting nobody knew of.
enum ConfigurationGaps {
    static func list(_ configuration: BookingConfiguration, ledgerConnected: Bool) -> [String] {
        var gaps: [String] = []
        if !ledgerConnected { gaps.append("ledger access (koppel ledger connect or exchange)") }
        if configuration.bookedStatusIDs.isEmpty { gaps.append("booked order statuses (koppel config statuses)") }
        guard let mapping = configuration.vatMapping else {
            gaps.append("VAT mapping (koppel ledger map, or koppel config vat)")
            return gaps
        }
        let shop = VATMapping.Scope.country(mapping.shopCountry)
        for entry in mapping.entries where !entry.isConfigured && [shop, .icp, .international].contains(entry.scope) {
            gaps.append("VAT \(entry.scope) \(Double(entry.basisPoints) / 100)% (koppel config vat)")
        }
        let accounts = mapping.accounts
        let needed: [(String, String)] = [
            (accounts.giftVoucherLiability, "account for gift vouchers (koppel config accounts --gift-voucher)"),
            (accounts.storeCreditLiability, "account for store credit (koppel config accounts --store-credit)"),
            (accounts.rounding, "account for rounding differences (koppel config accounts --rounding)"),
            (accounts.levy, "account for levies (koppel config accounts --levy)"),
        ]
        gaps += needed.filter { $0.0.isEmpty }.map(\.1)
        return gaps
    }
}
