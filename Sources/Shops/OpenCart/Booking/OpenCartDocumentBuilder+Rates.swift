import KoppelCore

extension OpenCartDocumentBuilder {
    /// The VAT rate of a product line from its unit tax and price (§4.2 step 1). The unit tax
    /// is the sum of the class's rates, so fixed per-unit taxes present in the order are tried
    /// as part of it. Candidates: the order's own VAT rows first, then every shop rate, then 0.
    /// A candidate fits within a ratio tolerance of 0.0005 (tax is stored to 4 decimals); the
    /// closest fit wins.
    mutating func inferRate(price: Amount, tax: Amount, vatRows: [Int: Amount], fixedRows: [TaxRow], name: String) -> Int {
        guard tax != .zero else { return 0 }
        let fixedAmounts = fixedRows.compactMap { $0.rate?.fixed }
        var fixedSets: [Amount] = [.zero] + fixedAmounts
        if fixedAmounts.count > 1 { fixedSets.append(fixedAmounts.reduce(.zero, +)) }
        var candidates: [Int] = vatRows.keys.sorted(by: >)
        for rate in table.percentageRates where !candidates.contains(rate.basisPoints) { candidates.append(rate.basisPoints) }

        // In hundred-millionths: tax and fixed part × 10⁴, price × basis points.
        var best: (basisPoints: Int, difference: Int128)?
        for basisPoints in candidates {
            for fixed in fixedSets {
                let difference = Int128(tax.tenThousandths - fixed.tenThousandths) * 10_000
                    - Int128(price.tenThousandths) * Int128(basisPoints)
                let magnitude = difference < 0 ? -difference : difference
                if best == nil || magnitude < best!.difference { best = (basisPoints, magnitude) }
            }
        }
        // Ratio tolerance 0.0005 of the price, and at least the 0.0001 of the stored tax.
        let tolerance = max(Int128(price.tenThousandths.magnitude) * 5, 10_000)
        if let best, best.difference <= tolerance { return best.basisPoints }
        problems.append(BookingProblem(
            .unmatchedLineRate,
            "The VAT of \"\(name)\" (\(tax) on a price of \(price)) matches none of the shop's tax rates.",
            hint: "A tax class with several or changed rates can cause this. Push the shop's settings again (save the koppel extension) and reprocess the order."))
        return best?.basisPoints ?? 0
    }

    /// The rate of a shipping row from its tax class (§4.2 step 2): `shipping_method.tax_class_id`
    /// (OpenCart 4.0.2+) or the shipping extension's setting. Nil when unknown, or when the
    /// class's rate is not among the order's VAT rows: the rate is then derived from what the
    /// VAT rows leave over. Handling and low-order fees always take that route (their class
    /// settings are not pushed).
    mutating func classRate(for code: String, vatRows: [Int: Amount]) -> Int? {
        guard code == "shipping", let method = order.shippingMethod else { return nil }
        let extensionCode = String(method.code.prefix { $0 != "." })
        guard let classID = method.taxClassID ?? settings.shippingMethods?.first(where: { $0.code == extensionCode })?.taxClassID
        else { return nil }
        let rates = table.rates(ofClass: classID, country: customerCountry, customerGroupID: order.customer.customerGroupID)
            .filter { !$0.isFixed }
        if rates.count > 1 {
            problems.append(BookingProblem(
                .ambiguousTaxClass, "The shipping tax class has \(rates.count) percentage rates for this address; their sum is used.",
                hint: "A tax class should have one VAT rate per country. Check the tax class in OpenCart (System → Localisation → Taxes).",
                severity: .warning))
        }
        let basisPoints = rates.map(\.basisPoints).reduce(0, +)
        if basisPoints != 0, !vatRows.isEmpty, vatRows[basisPoints] == nil { return nil }
        return basisPoints
    }
}
