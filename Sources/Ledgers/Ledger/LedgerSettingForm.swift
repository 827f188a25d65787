/// How one of a provider's settings is chosen: the dashboard draws its field from this and
/// `koppel config ledger` checks a value against it before the provider takes it.
public enum LedgerSettingForm: Sendable, Equatable {
    /// The id of an entry of one of the ledger's reference lists (a journal, a workflow).
    case reference(LedgerReferenceKind)
    /// One of these values, as stored.
    case oneOf([String])
    /// `true` or `false`.
    case flag
    /// Any text the provider accepts.
    case text
    /// A code of the ledger's for each of the shop's payment methods (Asperion's payment codes),
    /// as text `method=CODE` pairs separated by commas (`LedgerSettingPairs`); a method without a
    /// code is left out.
    case perPaymentMethod

    /// The JSON name of the form (`reference`, `one_of`, `flag`, `text`, `per_payment_method`).
    public var code: String {
        switch self {
        case .reference: return "reference"
        case .oneOf: return "one_of"
        case .flag: return "flag"
        case .text: return "text"
        case .perPaymentMethod: return "per_payment_method"
        }
    }
}
