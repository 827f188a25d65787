import KoppelCore
import Ledger

/// A first VAT mapping made from the ledger's own lists. Each ledger VAT code is first sorted by
/// what it is (`SalesVATCodeKind`), then the shop country's rates get domestic codes of the same
/// percentage, ICP the ledger's ICP code, exports its export code, and other member states'
/// rates (OSS) the codes of that country: never "the first 0% code". What finds no code stays
/// unmapped, and orders that need it are held with a hint. The owner adjusts single entries.
public struct AutomaticMapping: Sendable {
    public var mapping: VATMapping
    /// The ledger's domestic 0% code, for lines outside VAT.
    public var zeroRateCode: String?
    /// What was mapped, for the owner to read.
    public var mapped: [String]
    /// What found no code of its kind, for the owner to map by hand.
    public var unmapped: [String]
    public var revenueAccount: LedgerReferenceData.Entry

    public init?(from reference: LedgerReferenceData, shopCountry: String = "NL") {
        guard let revenue = reference.revenueAccounts.first else { return nil }
        let shop = shopCountry.uppercased()
        let codes = reference.vatCodes.map { (entry: $0, kind: SalesVATCodeKind($0), basisPoints: Self.basisPoints($0.detail)) }
        func code(_ kind: SalesVATCodeKind, _ basisPoints: Int) -> String? {
            codes.first { $0.kind == kind && $0.basisPoints == basisPoints }?.entry.id
        }
        var mapping = VATMapping.defaults(shopCountry: shop)
        var mapped: [String] = []
        var unmapped: [String] = []
        for entry in mapping.entries {
            let kind: SalesVATCodeKind
            switch entry.scope {
            case .country(let country) where country == shop: kind = .domestic
            case .country(let country): kind = .oss(country: country)
            case .icp: kind = .icp
            case .international: kind = .export
            }
            let label = "\(entry.scope) \(Double(entry.basisPoints) / 100)%"
            guard let vatCode = code(kind, entry.basisPoints) else {
                // Other member states' rates are only needed by shops that sell under OSS.
                if case .oss = kind {} else { unmapped.append(label) }
                continue
            }
            mapping.set(entry.scope, basisPoints: entry.basisPoints, vatCode: vatCode, revenueAccount: revenue.id)
            mapped.append(label)
        }
        mapping.accounts.rounding = revenue.id
        mapping.accounts.levy = revenue.id
        // Gift vouchers and store credit are debts to customers: only a liability account whose
        // name says so is proposed; otherwise `koppel config show` lists them as missing.
        let liabilities = reference.extras["liability_accounts"] ?? []
        func liability(_ words: [String]) -> String? {
            liabilities.first { account in words.contains { account.name.lowercased().contains($0) } }?.id
        }
        if let account = liability(["cadeaubon", "cadeaukaart", "waardebon", "gift voucher", "gift card"]) {
            mapping.accounts.giftVoucherLiability = account
        }
        if let account = liability(["tegoed", "store credit"]) { mapping.accounts.storeCreditLiability = account }
        self.mapping = mapping
        self.zeroRateCode = code(.domestic, 0)
        self.mapped = mapped
        self.unmapped = unmapped
        self.revenueAccount = revenue
    }

    /// "21.0" → 2100; nil when the detail is no percentage.
    static func basisPoints(_ percentage: String) -> Int? {
        guard let value = try? Amount(parsing: percentage) else { return nil }
        return Int((value.tenThousandths + 50) / 100)
    }
}

/// What a sales VAT code of the ledger is for. Moneybird's tax rates carry no such type: only
/// `country` for foreign (OSS) rates (spec, GET /tax_rates filter `country`: "only foreign tax
/// rates will have this field set"). ICP and export codes are told by their names, which
/// administrations choose themselves; the words below are the ones Moneybird's Dutch lists and
/// help pages use ("Binnen EU", "Buiten EU", "Producten buiten EU": helpcenter.moneybird.nl,
/// articles 207609 and 223982). A guess where an administration renamed its codes: such a code
/// counts as domestic only if its name says nothing of the kind, and a reverse-charge code
/// ("verlegd") is never used by the automatic mapping.
public enum SalesVATCodeKind: Sendable, Equatable {
    case domestic
    case icp
    case export
    case oss(country: String)
    case reverseCharge

    public init(_ entry: LedgerReferenceData.Entry) {
        if let country = entry.country, !country.isEmpty {
            self = .oss(country: country.uppercased())
            return
        }
        let name = entry.name.lowercased()
        func mentions(_ words: [String]) -> Bool { words.contains { name.contains($0) } }
        // ICP first: Minox names its ICP code "ICP verlegd" (and types it "verlegd ICP", docs/minox.md),
        // the customer accounting for the VAT; only a code that names no ICP is domestic reverse charge.
        if mentions(["icp", "binnen eu", "binnen de eu", "intracommunautair", "within eu", "intra-eu"]) {
            self = .icp
        } else if mentions(["verlegd", "reverse charge"]) {
            self = .reverseCharge
        } else if mentions(["buiten eu", "buiten de eu", "export", "uitvoer", "outside eu"]) {
            self = .export
        } else {
            self = .domestic
        }
    }
}
