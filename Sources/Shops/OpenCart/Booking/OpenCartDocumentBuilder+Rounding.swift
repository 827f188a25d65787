import KoppelCore

extension OpenCartDocumentBuilder {
    struct Rounded {
        var lines: [BookingLine]
        var vatTotals: [VATTotal]
        var payments: [BookingPayment]
        var paid: Cents
        var foreign: ForeignCurrency?
    }

    /// The one rounding step from exact amounts to cents (§4.2 step 7). OpenCart rounds only for
    /// display, per amount, half away from zero (PHP `round`); koppel does the same, per rate:
    ///
    /// 1. Net per rate: the exact net of all parts of a rate is rounded to cents; that is the
    ///    rate's `VATTotal.netBase`. The parts' own cents are then apportioned (largest
    ///    remainder) so that the lines of the rate add up to exactly that base.
    /// 2. VAT per rate: the shop's tax row (4 decimals) rounded to cents is `VATTotal.vat`, what
    ///    the customer was shown (gotcha 15); it is apportioned over the rate's lines by their
    ///    exact VAT (net × rate), so the lines' VAT adds up to it.
    /// 3. Lines outside VAT (gift vouchers sold, levies) and payments: each rounded on its own.
    /// 4. Paid: `round(total × currency_value, 2)` when the customer paid in the shop's currency
    ///    (the factor is then 1), otherwise `round(total, 2)` in the shop's currency, with the
    ///    foreign amount kept beside it.
    /// 5. Whatever the rounded parts miss of the paid amount becomes one rounding line (no VAT).
    ///    Its size is checked against the tolerance by `BookingPrechecks.totals`.
    func round(
        parts: [ExactPart], vatRows: [Int: Amount], payments: [(BookingPayment.Kind, String, Amount)], total: Amount,
        isICP: Bool, isExport: Bool, country: String
    ) -> Rounded {
        func rate(_ basisPoints: Int) -> VATRate {
            guard basisPoints != 0 else { return VATRate(basisPoints: 0, kind: isICP ? .icp : isExport ? .export : .zero) }
            let shopRate = table.percentageRates.filter { $0.basisPoints == basisPoints }
            let named = shopRate.first { table.countries(ofGeoZone: $0.geoZoneID).contains(country) } ?? shopRate.first
            return VATRate(basisPoints: basisPoints, kind: table.kind(basisPoints: basisPoints, rate: named, customerCountry: country))
        }

        var lines: [BookingLine] = parts.map { part in
            BookingLine(
                description: part.description, quantity: part.quantity, net: .zero,
                rate: part.outOfScope ? .outOfScope : rate(part.basisPoints ?? 0), vat: .zero, kind: part.kind)
        }
        var vatTotals: [VATTotal] = []
        var groups: [Int] = []
        for part in parts where !part.outOfScope {
            let basisPoints = part.basisPoints ?? 0
            if !groups.contains(basisPoints) { groups.append(basisPoints) }
        }
        // VAT rows without any line (a rate whose lines the shop no longer explains) still count.
        for basisPoints in vatRows.keys.sorted(by: >) where !groups.contains(basisPoints) { groups.append(basisPoints) }

        for basisPoints in groups {
            let members = parts.indices.filter { !parts[$0].outOfScope && (parts[$0].basisPoints ?? 0) == basisPoints }
            let exactBase = members.map { parts[$0].net }.reduce(.zero, +)
            // Step 1: the rate's net base, rounded half away from zero, then split over its lines.
            let base = exactBase.cents
            let nets = Apportion.round(members.map { Int128(parts[$0].net.tenThousandths) }, unit: 100, to: base.value)
            // Step 2: the shop's VAT row, rounded half away from zero, split by exact line VAT
            // (net × basis points, hundred-millionths: 10⁶ of them make a cent).
            let vat = (vatRows[basisPoints] ?? .zero).cents
            let vats = Apportion.round(
                members.map { Int128(parts[$0].net.tenThousandths) * Int128(basisPoints) }, unit: 1_000_000, to: vat.value)
            for (position, index) in members.enumerated() {
                lines[index].net = Cents(nets[position])
                lines[index].vat = Cents(vats[position])
            }
            vatTotals.append(VATTotal(rate: rate(basisPoints), netBase: base, vat: vat))
        }
        // Step 3.
        for index in parts.indices where parts[index].outOfScope { lines[index].net = parts[index].net.cents }
        let bookedPayments = payments.map { BookingPayment(kind: $0.0, description: $0.1, amount: $0.2.cents) }

        // Step 4. The factor has 8 decimals: total (10⁻⁴) × factor (10⁻⁸) is in 10⁻¹² and 10¹⁰ of
        // those make a cent.
        let factor = (try? parseFixedPoint(order.currency.value, decimals: 8, maxWholeDigits: 7)) ?? 100_000_000
        let inFactor = Apportion.roundHalfAwayFromZero(Int128(total.tenThousandths) * Int128(factor), 10_000_000_000)
        let sameCurrency = order.currency.code.uppercased() == settings.store.currency.uppercased()
        let paid = sameCurrency ? Cents(Int64(inFactor)) : total.cents
        let foreign = sameCurrency ? nil : ForeignCurrency(code: order.currency.code.uppercased(), factor: order.currency.value, paid: Cents(Int64(inFactor)))

        // Step 5.
        let booked = lines.map(\.net).sum() + lines.map(\.vat).sum() + bookedPayments.map(\.amount).sum()
        if booked != paid {
            lines.append(BookingLine(description: "Rounding difference", net: paid - booked, rate: .outOfScope, vat: .zero, kind: .rounding))
        }
        return Rounded(lines: lines, vatTotals: vatTotals, payments: bookedPayments, paid: paid, foreign: foreign)
    }

    /// The order's own rows add up: Σ rows except `total` equals the `total` row and the order's
    /// total, within 0.0001 per row (each row is stored rounded to 4 decimals; gotcha 14).
    func rowChecks(rows: [PushedTotal], total: Amount) -> [BookingProblem] {
        let values = rows.filter { $0.code != "total" }.map { (try? Amount(parsing: $0.value)) ?? .zero }
        let sum = values.reduce(.zero, +)
        let tolerance = UInt64(max(1, values.count))
        var problems: [BookingProblem] = []
        let totalRow = rows.first { $0.code == "total" }.flatMap { try? Amount(parsing: $0.value) }
        // OpenCart 3 stores max(0, total) in the total row and the order, 4.0 the raw sum.
        let expected = sum.isNegative ? Amount.zero : sum
        for (name, value) in [("total row", totalRow), ("order total", Optional(total))] {
            guard let value else { continue }
            let difference = (value - sum).tenThousandths.magnitude
            let clamped = (value - expected).tenThousandths.magnitude
            if min(difference, clamped) > tolerance {
                problems.append(BookingProblem(
                    .totalRowsMismatch,
                    "The order's \(name) is \(value) but its rows add up to \(sum).",
                    hint: "An extension changed the total without adding a total row. Correct the order in the shop and reprocess it."))
            }
        }
        return problems
    }
}
