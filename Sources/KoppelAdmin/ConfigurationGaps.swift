import KoppelCore
import KoppelStore

/// What a connection still lacks before every kind of order can be booked, in the owner's words:
/// `koppel config show` lists it in English with the command that sets it, the Configuratie tab in
/// Dutch, so that no order waits for a setting nobody knew of.
public enum ConfigurationGaps {
    public enum Language: Sendable { case english, dutch }

    /// - Parameter ledgerSettings: the ledger's settings still to be chosen
    ///   (`ConnectionConfiguration.missingLedgerSettings()`, Minox: `journal`).
    public static func list(
        _ configuration: BookingConfiguration, ledgerConnected: Bool, ledgerSettings: [String] = [],
        in language: Language = .english
    ) -> [String] {
        let dutch = language == .dutch
        var gaps: [String] = []
        if !ledgerConnected {
            gaps.append(dutch ? "De boekhouding is niet gekoppeld." : "ledger access (koppel ledger connect or exchange)")
        }
        for key in ledgerSettings {
            gaps.append(
                dutch
                    ? "De instelling \(LedgerSettingNames.dutch(key).lowercased()) (\(key)) van de boekhouding."
                    : "ledger setting \(key) (koppel config ledger LICENSE \(key)=VALUE)")
        }
        if configuration.bookedStatusIDs.isEmpty {
            gaps.append(dutch ? "Welke orderstatussen geboekt worden." : "booked order statuses (koppel config statuses)")
        }
        guard let mapping = configuration.vatMapping else {
            gaps.append(dutch ? "De btw-instellingen." : "VAT mapping (koppel ledger map, or koppel config vat)")
            return gaps
        }
        let shop = VATMapping.Scope.country(mapping.shopCountry)
        for entry in mapping.entries where !entry.isConfigured && [shop, .icp, .international].contains(entry.scope) {
            gaps.append(
                dutch
                    ? "Btw-code en omzetrekening voor \(scopeName(entry.scope)) \(percent(entry.basisPoints))."
                    : "VAT \(entry.scope) \(Double(entry.basisPoints) / 100)% (koppel config vat)")
        }
        let accounts = mapping.accounts
        let needed: [(String, String, String)] = [
            (accounts.giftVoucherLiability, "account for gift vouchers (koppel config accounts --gift-voucher)",
             "De rekening voor cadeaubonnen."),
            (accounts.storeCreditLiability, "account for store credit (koppel config accounts --store-credit)",
             "De rekening voor tegoed."),
            (accounts.rounding, "account for rounding differences (koppel config accounts --rounding)",
             "De rekening voor afrondingsverschillen."),
            (accounts.levy, "account for levies (koppel config accounts --levy)", "De rekening voor heffingen."),
        ]
        gaps += needed.filter { $0.0.isEmpty }.map { dutch ? $0.2 : $0.1 }
        return gaps
    }

    /// "NL", "ICP", "buiten de EU".
    public static func scopeName(_ scope: VATMapping.Scope) -> String {
        switch scope {
        case .country(let country): return country
        case .icp: return "ICP"
        case .international: return "buiten de EU"
        }
    }

    /// 2100 → "21%", 550 → "5,5%".
    public static func percent(_ basisPoints: Int) -> String {
        let whole = basisPoints / 100
        let fraction = basisPoints % 100
        guard fraction != 0 else { return "\(whole)%" }
        let digits = fraction % 10 == 0 ? "\(fraction / 10)" : (fraction < 10 ? "0\(fraction)" : "\(fraction)")
        return "\(whole),\(digits)%"
    }
}
