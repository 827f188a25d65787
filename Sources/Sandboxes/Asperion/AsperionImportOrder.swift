/// One order of an uploaded file, in file order: readable, or broken with its own schema violations
/// (only with `--asperion-broken-orders reject-order`; by default a broken order refuses the file).
enum AsperionFileEntry: Sendable {
    case readable(AsperionImportOrder)
    case broken(violations: [(path: String, message: String)])
}

/// An order as the import reads it from an uploaded file: what `AXMLReader` gives, in the terms the
/// sandbox's books use (AsperionFileReader maps one to the other).
struct AsperionImportOrder: Sendable {
    /// The shop's order number; manual 003 §2 puts it in the invoice's description.
    var number: String
    /// The invoice description as the file carries it.
    var description: String
    /// The invoice date, YYYY-MM-DD (manual 003 §5: order date or export date, a setting of the connection).
    var date: String
    var paymentCode: String?
    var debtor: AsperionImportDebtor
    var lines: [AsperionImportLine]
}

struct AsperionImportDebtor: Sendable {
    var name: String
    /// Debtors are recognised by e-mail address (manual 003 §2, [WWF]).
    var email: String?
    var address: String
    var postCode: String
    var city: String
    /// ISO 3166 alpha-2 ([SPEC14] appendix "Landcodes ISO").
    var countryCode: String
    var vatNumber: String?
}

/// One invoice line; money in cents, the quantity as the file wrote it.
struct AsperionImportLine: Sendable {
    var description: String
    var quantity: String
    var unitPriceCents: Int64
    /// The line's amount without VAT.
    var netCents: Int64
    var vatClass: AsperionVATClass
    var vatCents: Int64
}

/// The VAT classes the import settings map to sales kinds: "Verkopen BTW Hoog/Laag/0%" [C-one: HELP
/// webshops.aspx]. The rates are the Dutch ones since 2019 [sandbox choice: the settings name no rate].
enum AsperionVATClass: String, Sendable, CaseIterable {
    case high, low, zero

    /// The rate in percent.
    var percent: Int64 {
        switch self {
        case .high: 21
        case .low: 9
        case .zero: 0
        }
    }
}
