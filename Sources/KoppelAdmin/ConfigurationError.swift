/// A setting that cannot be stored: the field it is about and why, in English for the command line
/// and in Dutch for the dashboard. Nothing of the edit is stored.
public struct ConfigurationError: Error, Equatable, CustomStringConvertible {
    /// The field as the dashboard's JSON names it (`booked`, `entries[3].vat_code`, `tolerance`).
    public let field: String
    /// For `koppel config`, naming its option.
    public let description: String
    public let dutch: String

    public init(field: String, _ description: String, dutch: String) {
        self.field = field
        self.description = description
        self.dutch = dutch
    }

    public static let ledgerNotConnected = ConfigurationError(
        field: "ledger", "connect the ledger first (koppel ledger connect or exchange)",
        dutch: "Koppel eerst de boekhouding.")
}
