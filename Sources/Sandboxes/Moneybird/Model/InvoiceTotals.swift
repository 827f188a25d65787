import Foundation

/// The totals Moneybird derives from an invoice's lines. Each rule, its source and how sure it is:
/// docs/moneybird-arithmetic.md.
///
/// 1. A line's total is its unit price (two decimals, `Money.unitPrice`) times its amount, rounded to cents
///    half away from zero, in the invoice's own basis: excl. VAT, or incl. VAT when `prices_are_incl_tax`.
///    Sources: Moneybird help center article 207140 on purchase documents ("aantal × bedrag = totaal",
///    "afgerond op twee cijfers achter de komma"); spec `GET /recurring_sales_invoices/{id}` example
///    `ReturnsInvoiceByGivenId` (0.45 × 5 = 2.25, 0.33 × 2 = 0.66).
/// 2. VAT is rounded once per rate or once per line (`VATRounding`, a guess), half away from zero: excl. VAT
///    `round(total × p / 100)`, incl. VAT `round(total × p / (100 + p))`. Half up, not to even: spec
///    `POST /subscriptions/{id}/create_and_schedule_sales_invoice` example `CreatesASalesInvoice` (10.50 at
///    21 % → 2.205 → 2.21). Incl. VAT: spec `POST /documents/receipts` example `CreatesTheReceipt` (20.00 →
///    16.53 excl.), help center 103000075830 (100 incl. → 82.64 + 17.36).
/// 3. A rate's taxable amount is its lines' sum excl. VAT; the totals are sums over the rates, so
///    `total_price_incl_tax = total_price_excl_tax + Σ tax_amount` always.
/// 4. `total_unpaid = total_price_incl_tax − total_paid`, negative for an unpaid credit invoice (spec
///    `duplicate_creditinvoice` example `CreatesACreditInvoiceForASalesInvoice`: −363.0).
struct InvoiceTotals: Sendable {
    struct RateTotal: Sendable {
        var taxRateID: String
        var percentage: Decimal
        /// The rate's lines, excl. VAT.
        var taxableAmount: Decimal
        var taxAmount: Decimal
    }

    /// Each line's `total_price_excl_tax_with_discount`.
    var lineTotalsExclTax: [Decimal]
    /// Every rate the lines use, in the order of first use.
    var rates: [RateTotal]
    var totalExclTax: Decimal
    var totalInclTax: Decimal
    var totalPaid: Decimal

    var totalUnpaid: Decimal { totalInclTax - totalPaid }

    /// `tax_totals`: a 0 % rate has no entry (spec `POST /sales_invoices` example
    /// `CreateASalesInvoiceInAForeignCurrency`: one line at an intra-community 0 % rate, `tax_totals: []`). That
    /// the zero percentage leaves it out, rather than a zero amount, is a guess.
    var taxTotals: [RateTotal] { rates.filter { $0.percentage != 0 } }

    /// Nothing is left to pay in the total's own direction: an invoice is settled once payments reach its total,
    /// a credit invoice (negative total) once refunds or a settlement bring its unpaid amount up to zero (spec
    /// `register_payment_creditinvoice` example: payment −363.0, `total_unpaid` 0.0, `state` paid). An invoice
    /// of 0.00 is settled as it is.
    var isSettled: Bool { totalInclTax >= 0 ? totalUnpaid <= 0 : totalUnpaid >= 0 }

    init(invoice: SalesInvoice, master: MasterData) {
        let inclTax = invoice.pricesAreInclTax
        var sums: [(id: String, percentage: Decimal, total: Decimal, lineTax: Decimal)] = []
        var lines: [Decimal] = []
        for detail in invoice.details {
            let percentage = master.percentages[detail.taxRateID] ?? 0
            let total = Self.lineTotal(detail)
            let tax = Self.tax(of: total, percentage: percentage, inclTax: inclTax)
            // Incl. VAT a line shows its own net (spec `GET /documents/receipts/{id}` example
            // `ReturnsTheWantedReceipt`: 300.0 → 247.93).
            lines.append(inclTax ? total - tax : total)
            if let index = sums.firstIndex(where: { $0.id == detail.taxRateID }) {
                sums[index].total += total
                sums[index].lineTax += tax
            } else {
                sums.append((detail.taxRateID, percentage, total, tax))
            }
        }
        rates = sums.map { sum in
            let tax =
                switch master.vatRounding {
                case .perRate: Self.tax(of: sum.total, percentage: sum.percentage, inclTax: inclTax)
                case .perLine: sum.lineTax
                }
            return RateTotal(
                taxRateID: sum.id, percentage: sum.percentage, taxableAmount: inclTax ? sum.total - tax : sum.total,
                taxAmount: tax)
        }
        lineTotalsExclTax = lines
        totalExclTax = rates.reduce(Decimal(0)) { $0 + $1.taxableAmount }
        totalInclTax = totalExclTax + rates.reduce(Decimal(0)) { $0 + $1.taxAmount }
        totalPaid = invoice.payments.reduce(Decimal(0)) { $0 + (Decimal(string: $1.price) ?? 0) }
    }

    /// `price × amount` in cents; the price as Moneybird stores it, also for invoices saved before it was rounded.
    static func lineTotal(_ detail: InvoiceDetail) -> Decimal {
        let price = Money.unitPrice(Decimal(string: detail.price) ?? 0)
        return Money.round(price * (Decimal(string: detail.amount) ?? 1))
    }

    /// The VAT on top of `total` (prices excl. VAT) or within it (prices incl. VAT), in cents.
    static func tax(of total: Decimal, percentage: Decimal, inclTax: Bool) -> Decimal {
        Money.round(inclTax ? total * percentage / (100 + percentage) : total * percentage / 100)
    }
}
