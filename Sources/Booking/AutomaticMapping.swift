import KoppelCore
import Ledger

/// A first VAT mapping made from the ledger's own lists: every rate of the shop country, ICP and
/// International gets the ledger's sales rate of the same percentage and the first revenue
/// account. The owner adjusts single entries afterwards.
public struct AutomaticMapping: Sendable {
    public var mapping: VATMapping
    /// The ledger's 0% rate, for lines outside VAT.
    public var zeroRateCode: String?
    /// What was mapped, for the owner to read.
    public var mapped: [String]
    public var revenueAccount: LedgerReferenceData.Entry

    public init?(from reference: LedgerReferenceData, shopCountry: String = "NL") {
        guard let revenue = reference.revenueAccounts.first else { return nil }
        func code(_ basisPoints: Int) -> String? {
            reference.vatCodes.first { entry in
                Double(entry.detail).map { Int(($0 * 100).rounded()) == basisPoints } ?? false
            }?.id
        }
        var mapping = VATMapping.defaults(shopCountry: shopCountry)
        var mapped: [String] = []
        for entry in mapping.entries where entry.scope == .country(shopCountry) || entry.scope == .icp || entry.scope == .international {
            guard let vatCode = code(entry.basisPoints) else { continue }
            mapping.set(entry.scope, basisPoints: entry.basisPoints, vatCode: vatCode, revenueAccount: revenue.id)
            mapped.append("\(entry.scope) \(Double(entry.basisPoints) / 100)%")
        }
        mapping.accounts.rounding = revenue.id
        mapping.accounts.levy = revenue.id
        self.mapping = mapping
        self.zeroRateCode = code(0)
        self.mapped = mapped
        self.revenueAccount = revenue
    }
}
