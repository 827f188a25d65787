import AXML
import KoppelCore
import Ledger

/// A line's VAT rate as Asperion's class. The import books each class on the sales kind the owner
/// chose for VAT high, VAT low and VAT 0 % (help.asperion.nl webshops.aspx); there is no fourth.
enum AsperionVATClass {
    static func of(_ rate: VATRate) throws(LedgerError) -> AXMLVATClass {
        switch rate.kind {
        case .standard: return .high
        case .reduced: return .low
        // ICP and export are 0 % sales; the owner's VAT-0 sales kind books them [Guess: Asperion
        // has no separate class for ICP in the import settings, so ICP and export share it].
        case .zero, .icp, .export: return .zero
        // Rounding, gift vouchers sold and levies carry no VAT: they go in the 0 % class too, as
        // the only class without VAT [Guess: the owner's VAT-0 sales kind then also holds them].
        case .outOfScope: return .zero
        case .oss(let country), .foreign(let country):
            // Another country's rate cannot be expressed as high/low/zero: the sales kinds are the
            // administration's own rates. Refused rather than booked at a wrong rate.
            throw LedgerError(
                .refused,
                "Asperion's order import knows VAT high, low and 0 % only; \(rate.label) \(country) VAT cannot be imported",
                field: "vat")
        }
    }
}
