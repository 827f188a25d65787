/// A connection's VAT configuration: which ledger VAT code and revenue account each VAT rate
/// books to. Starts from every EU member state with its default rates (`EUVATRates`), plus ICP
/// and International (outside the EU); the shop owner edits rates (for example Germany at the
/// shop's 19 %) and fills in codes and accounts. "Delete VAT settings" is `VATMapping.defaults`.
public struct VATMapping: Equatable, Sendable, Codable {
    public var shopCountry: String
    public var entries: [Entry]
    /// Accounts for lines and payments that carry no VAT.
    public var accounts: Accounts

    public init(shopCountry: String = "NL", entries: [Entry], accounts: Accounts = Accounts()) {
        self.shopCountry = shopCountry.uppercased()
        self.entries = entries
        self.accounts = accounts
    }

    /// Where an entry applies.
    public enum Scope: Hashable, Sendable, Codable {
        /// A rate charged in this country: the shop country's own rates, or another member
        /// state's under OSS.
        case country(String)
        /// Intra-EU supplies to businesses (0 %, reverse charge).
        case icp
        /// Customers outside the EU: export at 0 %, or a non-EU VAT the shop charges.
        case international
    }

    public struct Entry: Equatable, Sendable, Codable {
        public var scope: Scope
        public var basisPoints: Int
        /// The ledger's VAT code (Minox "id", Moneybird tax rate id, …); empty until configured.
        public var vatCode: String
        /// The ledger's revenue account id; empty until configured.
        public var revenueAccount: String

        public init(scope: Scope, basisPoints: Int, vatCode: String = "", revenueAccount: String = "") {
            self.scope = scope
            self.basisPoints = basisPoints
            self.vatCode = vatCode
            self.revenueAccount = revenueAccount
        }

        public var isConfigured: Bool { !vatCode.isEmpty && !revenueAccount.isEmpty }
    }

    /// Balance-sheet accounts: gift vouchers and store credit are liabilities, not revenue.
    public struct Accounts: Equatable, Sendable, Codable {
        public var giftVoucherLiability: String
        public var storeCreditLiability: String
        public var rounding: String
        /// Fixed per-unit levies that are not VAT (eco tax).
        public var levy: String

        public init(giftVoucherLiability: String = "", storeCreditLiability: String = "", rounding: String = "", levy: String = "") {
            self.giftVoucherLiability = giftVoucherLiability
            self.storeCreditLiability = storeCreditLiability
            self.rounding = rounding
            self.levy = levy
        }
    }

    /// Every EU member state with its standard and reduced rates (and 0 % for the shop country),
    /// ICP 0 % and International 0 %, all without codes: the list the owner starts from.
    public static func defaults(shopCountry: String = "NL") -> VATMapping {
        let shop = shopCountry.uppercased()
        var entries: [Entry] = []
        for country in EUVATRates.countries {
            for rate in [country.standard] + country.reduced {
                entries.append(Entry(scope: .country(country.isoCode), basisPoints: rate))
            }
            if country.isoCode == shop { entries.append(Entry(scope: .country(shop), basisPoints: 0)) }
        }
        entries.append(Entry(scope: .icp, basisPoints: 0))
        entries.append(Entry(scope: .international, basisPoints: 0))
        return VATMapping(shopCountry: shop, entries: entries)
    }

    /// Sets (or adds) the codes of one rate; the owner's edit on the Configuration tab.
    public mutating func set(_ scope: Scope, basisPoints: Int, vatCode: String, revenueAccount: String) {
        let entry = Entry(scope: scope, basisPoints: basisPoints, vatCode: vatCode, revenueAccount: revenueAccount)
        if let index = entries.firstIndex(where: { $0.scope == scope && $0.basisPoints == basisPoints }) {
            entries[index] = entry
        } else {
            entries.append(entry)
        }
    }

    /// The scope a rate of a document falls under, nil for lines that carry no VAT.
    public func scope(of rate: VATRate) -> Scope? {
        switch rate.kind {
        case .standard, .reduced, .zero: return .country(shopCountry)
        case .icp: return .icp
        case .export, .foreign: return .international
        case .oss(let country): return .country(country == "EL" ? "GR" : country.uppercased())
        case .outOfScope: return nil
        }
    }

    /// The configured entry of a rate, nil when missing or incomplete.
    public func entry(for rate: VATRate) -> Entry? {
        guard let scope = scope(of: rate) else { return nil }
        return entries.first { $0.scope == scope && $0.basisPoints == rate.basisPoints && $0.isConfigured }
    }

    /// Fills the ledger account and VAT code of every line, VAT total and payment, and reports
    /// what is not mapped (once per rate or account).
    public func resolve(_ document: BookingDocument) -> (document: BookingDocument, problems: [BookingProblem]) {
        var resolved = document
        var problems: [BookingProblem] = []
        var reportedRates: Set<VATRate> = []
        var reportedAccounts: Set<String> = []

        func unmappedRate(_ rate: VATRate) {
            guard reportedRates.insert(rate).inserted else { return }
            problems.append(BookingProblem(
                .unmappedVATRate,
                "VAT rate \(rate.label) (\(describe(rate))) has no VAT code and revenue account in the ledger.",
                hint: "Choose a VAT code and a revenue account for \(describe(rate)) \(rate.label) (koppel config vat), then reprocess the order."))
        }
        func account(_ id: String, _ name: String) -> String? {
            guard id.isEmpty else { return id }
            if reportedAccounts.insert(name).inserted {
                problems.append(BookingProblem(
                    .unmappedAccount, "No ledger account is set for \(name).",
                    hint: "Choose the ledger account for \(name) (koppel config accounts; `koppel config show` lists what is missing), then reprocess the order."))
            }
            return nil
        }

        for index in resolved.lines.indices {
            let line = resolved.lines[index]
            switch line.kind {
            case .rounding: resolved.lines[index].ledgerAccount = account(accounts.rounding, "rounding differences")
            case .giftVoucher:
                resolved.lines[index].ledgerAccount = account(accounts.giftVoucherLiability, "gift vouchers (liability)")
            case .levy: resolved.lines[index].ledgerAccount = account(accounts.levy, "fixed levies such as eco tax")
            case .product, .shipping, .fee, .discount:
                if let entry = entry(for: line.rate) {
                    resolved.lines[index].ledgerAccount = entry.revenueAccount
                    resolved.lines[index].ledgerVATCode = entry.vatCode
                } else {
                    unmappedRate(line.rate)
                }
            }
        }
        for index in resolved.vatTotals.indices {
            if let entry = entry(for: resolved.vatTotals[index].rate) {
                resolved.vatTotals[index].ledgerVATCode = entry.vatCode
            } else if resolved.vatTotals[index].rate.kind != .outOfScope {
                unmappedRate(resolved.vatTotals[index].rate)
            }
        }
        for index in resolved.payments.indices {
            switch resolved.payments[index].kind {
            case .giftVoucher:
                resolved.payments[index].ledgerAccount = account(accounts.giftVoucherLiability, "gift vouchers (liability)")
            case .storeCredit:
                resolved.payments[index].ledgerAccount = account(accounts.storeCreditLiability, "store credit (liability)")
            }
        }
        return (resolved, problems)
    }

    /// Each mapped VAT code with the rates it stands for, as reports name them: "21% NL", "0% ICP".
    public var codeLabels: [String: String] {
        var labels: [String: [String]] = [:]
        for entry in entries where !entry.vatCode.isEmpty {
            let scope: String
            switch entry.scope {
            case .country(let country): scope = country
            case .icp: scope = "ICP"
            case .international: scope = "buiten EU"
            }
            labels[entry.vatCode, default: []].append(VATRate(basisPoints: entry.basisPoints, kind: .standard).label + " " + scope)
        }
        return labels.mapValues { Array(Set($0)).sorted().joined(separator: ", ") }
    }

    private func describe(_ rate: VATRate) -> String {
        switch rate.kind {
        case .standard, .reduced, .zero: return "sales in \(shopCountry)"
        case .icp: return "ICP (EU business customers)"
        case .export: return "International (outside the EU)"
        case .foreign(let country): return "International (VAT of \(country))"
        case .oss(let country): return "sales to \(country)"
        case .outOfScope: return "no VAT"
        }
    }
}
