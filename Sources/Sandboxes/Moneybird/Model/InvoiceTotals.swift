import Foundation

/// The totals Moneybird derives from an invoice's lines.
///
/// Rounding, as Moneybird shows it on its invoices:
/// 1. Each line total is `price × amount`, rounded to cents (half away from zero), in the invoice's own price
///    basis: excluding VAT, or including VAT when `prices_are_incl_tax` is true.
/// 2. Lines are summed per tax rate; VAT is computed once per rate on that sum and rounded to cents:
///    excl. VAT: `tax = round(sum × p / 100)`, incl. VAT: `tax = round(sum × p / (100 + p))`.
///    So VAT is rounded per rate, not per line (129.95 at 21 % gives 27.29, total 157.24).
/// 3. Totals excl. and incl. VAT are sums of the per-rate amounts, so they always add up exactly:
///    `total_price_incl_tax = total_price_excl_tax + Σ tax`.
/// A line's `total_price_excl_tax_with_discount` is its rounded total; for incl.-VAT invoices the line's
/// own VAT is taken out and rounded per line, which is informational and may differ by a cent from the
/// per-rate split.
struct InvoiceTotals: Sendable {
    struct RateTotal: Sendable {
        var taxRateID: String
        var taxableAmount: Decimal
        var taxAmount: Decimal
    }

    var lineTotalsExclTax: [Decimal]
    var rates: [RateTotal]
    var totalExclTax: Decimal
    var totalInclTax: Decimal
    var totalPaid: Decimal

    var totalUnpaid: Decimal { totalInclTax - totalPaid }

    init(invoice: SalesInvoice, percentages: [String: Decimal]) {
        var sums: [(id: String, sum: Decimal)] = []
        var lines: [Decimal] = []
        for detail in invoice.details {
            let price = Decimal(string: detail.price) ?? 0
            let amount = Decimal(string: detail.amount) ?? 1
            let total = Money.round(price * amount)
            let percentage = percentages[detail.taxRateID] ?? 0
            lines.append(invoice.pricesAreInclTax ? Money.round(total * 100 / (100 + percentage)) : total)
            if let index = sums.firstIndex(where: { $0.id == detail.taxRateID }) {
                sums[index].sum += total
            } else {
                sums.append((detail.taxRateID, total))
            }
        }
        var rates: [RateTotal] = []
        var excl = Decimal(0)
        var incl = Decimal(0)
        for (id, sum) in sums {
            let percentage = percentages[id] ?? 0
            if invoice.pricesAreInclTax {
                let tax = Money.round(sum * percentage / (100 + percentage))
                rates.append(RateTotal(taxRateID: id, taxableAmount: sum - tax, taxAmount: tax))
                excl += sum - tax
                incl += sum
            } else {
                let tax = Money.round(sum * percentage / 100)
                rates.append(RateTotal(taxRateID: id, taxableAmount: sum, taxAmount: tax))
                excl += sum
                incl += sum + tax
            }
        }
        self.lineTotalsExclTax = lines
        self.rates = rates
        self.totalExclTax = excl
        self.totalInclTax = incl
        self.totalPaid = invoice.payments.reduce(Decimal(0)) { $0 + (Decimal(string: $1.price) ?? 0) }
    }
}
