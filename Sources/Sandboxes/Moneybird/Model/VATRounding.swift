import Foundation

/// Where an invoice's VAT is rounded to cents; the start flag `--vat-rounding` picks one for a run.
///
/// Moneybird documents neither, and every example invoice in its OpenAPI spec (all 428 published versions) gives
/// the same VAT under both. `perRate` is the guess the spec's shape supports: `tax_totals` carry one taxable
/// amount and one VAT amount per rate and `detail_response` has no VAT of its own (specs/moneybird-openapi.yml,
/// `sales_invoice_response`, `detail_response`); EN 16931 defines a rate's VAT as its taxable amount times the
/// rate (BT-117). See docs/moneybird-arithmetic.md.
public enum VATRounding: String, Sendable, CaseIterable {
    /// Once per rate, on the sum of the rate's line totals (the default; a guess).
    case perRate = "per-rate"
    /// Once per line; a rate's VAT is the sum of its lines' rounded VAT.
    case perLine = "per-line"
}
