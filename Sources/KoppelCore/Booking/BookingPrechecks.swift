/// The checks an order passes before it is booked (PRODUCT.md "Before booking"). Pure functions
/// over a finished document; the shop adapter adds the checks only it can make (the order's own
/// total rows, its status). The "not booked before" check belongs to the store.
public enum BookingPrechecks {
    /// All document checks: totals, currency, ICP VAT number, VAT mapping.
    public static func all(
        _ document: BookingDocument, administrationCurrency: String, mapping: VATMapping,
        roundingTolerance: Cents = Cents(1)
    ) -> [BookingProblem] {
        totals(document, roundingTolerance: roundingTolerance)
            + currency(document, administrationCurrency: administrationCurrency)
            + icp(document)
            + mapping.resolve(document).problems
    }

    /// Σ lines + Σ VAT + Σ payments (+ the rounding line, one of the lines) equals what the
    /// customer paid; the lines of each rate add up to that rate's VAT total; the rounding line
    /// stays within the tolerance.
    public static func totals(_ document: BookingDocument, roundingTolerance: Cents = Cents(1)) -> [BookingProblem] {
        var problems: [BookingProblem] = []
        let sum = document.netTotal + document.vatTotal + document.paymentTotal
        if sum != document.grossTotal {
            problems.append(BookingProblem(
                .totalsMismatch,
                "The order lines add up to \(sum) \(document.currency) but the customer paid \(document.grossTotal) \(document.currency).",
                hint: "Check the order in the shop: a totals extension may have changed the total without adding a line. Correct the order and reprocess it."))
        }
        if document.rounding.magnitude > roundingTolerance {
            problems.append(BookingProblem(
                .roundingBeyondTolerance,
                "The rounded amounts differ \(document.rounding.magnitude) \(document.currency) from the order total; more than the \(roundingTolerance) allowed for rounding.",
                hint: "This is more than a rounding difference. Check the order's totals in the shop (discounts, fees) and reprocess it."))
        }
        let rates = document.vatTotals.map(\.rate)
        for total in document.vatTotals {
            let lines = document.lines.filter { $0.rate == total.rate }
            if lines.map(\.net).sum() != total.netBase || lines.map(\.vat).sum() != total.vat {
                problems.append(BookingProblem(
                    .vatMismatch, "The lines at VAT \(total.rate.label) do not add up to the VAT total of that rate.",
                    hint: "Report this order with the button Report problem: the booking would not match the shop."))
            }
        }
        let stray = document.lines.filter { $0.rate.kind != .outOfScope && !rates.contains($0.rate) }
        if !stray.isEmpty || document.vatTotals.map(\.vat).sum() != document.vatTotal {
            problems.append(BookingProblem(
                .vatMismatch, "Some lines carry a VAT rate that is missing from the VAT totals.",
                hint: "Report this order with the button Report problem: the booking would not match the shop."))
        }
        return problems
    }

    /// The document and the customer's currency must be the administration's: the ledger books
    /// one currency, and converting is not supported.
    public static func currency(_ document: BookingDocument, administrationCurrency: String) -> [BookingProblem] {
        let administration = administrationCurrency.uppercased()
        if document.currency.uppercased() != administration {
            return [BookingProblem(
                .foreignCurrency,
                "The shop's amounts are in \(document.currency) but the administration books in \(administration). koppel does not convert currencies.",
                hint: "Book this order by hand, or connect an administration in \(document.currency).")]
        }
        if let foreign = document.foreignCurrency, foreign.code.uppercased() != administration {
            return [BookingProblem(
                .foreignCurrency,
                "The customer paid in \(foreign.code) (\(foreign.paid) \(foreign.code)); the administration books only \(administration) and koppel does not convert currencies.",
                hint: "Book this order by hand in the ledger, or sell in \(administration) only.")]
        }
        return []
    }

    /// An ICP order needs the customer's VAT number, valid in format and check digits for the
    /// customer's country (VIES is asked separately).
    public static func icp(_ document: BookingDocument) -> [BookingProblem] {
        guard document.isICP else { return [] }
        let country = document.customer.countryCode
        guard let number = document.customer.vatNumber else {
            return [BookingProblem(
                .missingVATNumber, "This is an ICP order (EU business customer, 0 % VAT) but the customer has no VAT number.",
                hint: "Add the customer's VAT number to the order in the shop, or charge VAT, then reprocess the order.")]
        }
        switch VATNumber.check(number, country: country) {
        case .valid, .validFormat:
            return []
        case .wrongFormat:
            return [BookingProblem(
                .invalidVATNumberFormat, "VAT number \(number) does not have the format of a \(country) VAT number.",
                hint: "Correct the customer's VAT number in the shop (country prefix, digits, no typing errors) and reprocess the order.")]
        case .wrongChecksum:
            return [BookingProblem(
                .invalidVATNumberChecksum, "VAT number \(number) is not valid: its check digits are wrong.",
                hint: "The number probably has a typing error. Ask the customer for the correct VAT number, correct it in the shop and reprocess the order.")]
        case .wrongCountry(let prefix):
            return [BookingProblem(
                .vatNumberCountryMismatch, "VAT number \(number) is from \(prefix) but the customer's address is in \(country).",
                hint: "An ICP delivery needs the VAT number of the country the goods go to. Correct the number or the address and reprocess the order.")]
        }
    }
}
