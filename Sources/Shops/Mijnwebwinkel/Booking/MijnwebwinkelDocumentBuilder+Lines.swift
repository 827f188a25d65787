import KoppelCore

extension MijnwebwinkelDocumentBuilder {
    /// One booking line per line portion (a payment or discount line spread over two rates is two lines),
    /// and the VAT per rate.
    ///
    /// Mijnwebwinkel fixes the price including VAT (2 decimals) and derives the rest: a portion's `amount`
    /// is its gross excl. VAT to 6 decimals, and `price.tax` holds the VAT per rate, worked out from the
    /// rate's gross total, not summed from rounded lines (the sandbox does the same; the spec's example
    /// shows 6.50 at 21 % where its rounded lines give 6.51). So per rate:
    ///
    /// 1. VAT: the order's own figure (`price.tax`) is `VATTotal.vat`, what the customer was charged.
    /// 2. Net base: the rate's gross total minus that VAT, so net + VAT is exactly what the lines cost.
    /// 3. The base is apportioned over the rate's lines by their exact 6-decimal nets (largest remainder,
    ///    `Apportion.round`), so the lines' nets add up to it; each line's VAT is its gross minus its net,
    ///    so the lines' VAT adds up to the order's figure and every line keeps its own gross.
    ///
    /// A rate with lines but no VAT figure gets the VAT its lines imply, and a VAT figure more than a cent
    /// per line away from what the lines imply is reported: the order does not explain its own VAT.
    mutating func lines() -> ([BookingLine], [VATTotal]) {
        struct Portion {
            var line: MijnwebwinkelOrderLine
            var portion: MijnwebwinkelLinePortion
        }
        let portions = order.lines.flatMap { line in line.portions.map { Portion(line: line, portion: $0) } }
        var rates: [Int] = []
        for item in portions where !rates.contains(item.portion.rateBasisPoints) { rates.append(item.portion.rateBasisPoints) }

        var lines = portions.map { item in
            BookingLine(
                description: item.line.portions.count > 1
                    ? "\(item.line.description) (\(VATRate(basisPoints: item.portion.rateBasisPoints, kind: .standard).label))"
                    : item.line.description,
                quantity: Int64(item.line.quantity), net: .zero, rate: rate(item.portion.rateBasisPoints), vat: .zero,
                kind: kind(of: item.line))
        }
        var vatTotals: [VATTotal] = []
        for basisPoints in rates {
            let members = portions.indices.filter { portions[$0].portion.rateBasisPoints == basisPoints }
            let gross = members.map { portions[$0].portion.gross }.sum()
            let exactNet = members.map { Int128(portions[$0].portion.netMillionths) }.reduce(0, +)
            let impliedVAT = gross - Cents(Int64(Apportion.roundHalfAwayFromZero(exactNet, 10_000)))
            let figures = order.vatTotals.filter { $0.rateBasisPoints == basisPoints }
            var vat = figures.map(\.vat).sum()
            if figures.isEmpty {
                vat = impliedVAT
                if basisPoints != 0 && !impliedVAT.isZero {
                    problems.append(BookingProblem(
                        .vatMismatch,
                        "Order \(order.number) has lines at VAT \(label(basisPoints)) but no VAT figure for that rate.",
                        hint: "Check the order's VAT in Mijnwebwinkel; report the problem with the button Report problem if it looks right."))
                }
            } else if (vat - impliedVAT).magnitude > Cents(Int64(max(1, members.count))) {
                problems.append(BookingProblem(
                    .vatMismatch,
                    "The order charges \(vat) \(order.currency) VAT at \(label(basisPoints)) but its lines at that rate contain \(impliedVAT).",
                    hint: "Check the order's VAT in Mijnwebwinkel; report the problem with the button Report problem if it looks right."))
            }
            let base = gross - vat
            let nets = Apportion.round(members.map { Int128(portions[$0].portion.netMillionths) }, unit: 10_000, to: base.value)
            for (position, index) in members.enumerated() {
                lines[index].net = Cents(nets[position])
                lines[index].vat = portions[index].portion.gross - lines[index].net
            }
            vatTotals.append(VATTotal(rate: rate(basisPoints), netBase: base, vat: vat))
        }
        for figure in order.vatTotals where !rates.contains(figure.rateBasisPoints) && !figure.vat.isZero {
            problems.append(BookingProblem(
                .vatMismatch,
                "The order charges \(figure.vat) \(order.currency) VAT at \(label(figure.rateBasisPoints)) but has no line at that rate.",
                hint: "Check the order's VAT in Mijnwebwinkel; report the problem with the button Report problem if it looks right."))
        }
        return (lines, vatTotals)
    }

    func kind(of line: MijnwebwinkelOrderLine) -> BookingLine.Kind {
        switch line.kind {
        case .article, .custom: return .product
        case .shipping: return .shipping
        case .payment: return .fee
        case .discount: return .discount
        // An unknown line type still carries its own VAT figures; booked as a fee at its rate.
        case .other: return .fee
        }
    }

    func label(_ basisPoints: Int) -> String { VATRate(basisPoints: basisPoints, kind: .standard).label }
}
