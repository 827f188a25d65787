import KoppelCore

extension OpenCartDocumentBuilder {
    /// A `tax` row understood: a percentage (VAT) or a fixed per-unit levy.
    struct TaxRow {
        var title: String
        var value: Amount
        var rate: OpenCartTaxTable.Rate?
        var basisPoints: Int?
    }

    /// A coupon or reward row and where its amount went.
    struct Discount {
        var title: String
        var value: Amount
        var code: String
    }

    mutating func build() -> OpenCartBooking {
        let country = customerCountry
        let rows = order.totals.enumerated().sorted { ($0.element.sortOrder, $0.offset) < ($1.element.sortOrder, $1.offset) }
            .map(\.element)
        let total = amount(order.total, "total")

        // VAT per rate (and fixed levies) from the `tax` rows: the authority (§4.2 step 4).
        var taxRows: [TaxRow] = []
        for row in rows where row.code == "tax" {
            let value = amount(row.value, "tax row \"\(row.title)\"")
            if let rate = table.rate(forTitle: row.title, customerCountry: country) {
                taxRows.append(TaxRow(title: row.title, value: value, rate: rate, basisPoints: rate.isFixed ? nil : rate.basisPoints))
            } else if let basisPoints = Self.percentage(inTitle: row.title) {
                taxRows.append(TaxRow(title: row.title, value: value, rate: nil, basisPoints: basisPoints))
            } else {
                problems.append(BookingProblem(
                    .unknownTaxRow, "The tax row \"\(row.title)\" matches no tax rate of the shop, so its percentage is unknown.",
                    hint: "Push the shop's settings again (the extension does this when you save it) or rename the tax rate back, then reprocess the order."))
                taxRows.append(TaxRow(title: row.title, value: value, rate: nil, basisPoints: nil))
            }
        }
        var vatRows: [Int: Amount] = [:]
        for row in taxRows { if let bp = row.basisPoints { vatRows[bp, default: .zero] = vatRows[bp, default: .zero] + row.value } }
        let fixedRows = taxRows.filter { $0.basisPoints == nil }
        let chargesVAT = vatRows.values.contains { $0 != .zero }
        let inEU = EUVATRates.isMemberState(country)
        // A sale into another member state without VAT can only be an ICP delivery, which needs the
        // customer's VAT number: without one the precheck holds the order, never the shop
        // country's 0% code. (An order of nothing, paid by a 100% coupon, charges no VAT either.)
        let isICP = !chargesVAT && country != options.shopCountry && inEU && total > .zero
        let isExport = !chargesVAT && !inEU

        // Products, with the rate inferred from tax / price (§4.2 step 1).
        var parts: [ExactPart] = []
        var productIndices: [Int] = []
        for product in order.products {
            let net = amount(product.total, "line total of \(product.name)")
            let price = amount(product.price, "price of \(product.name)")
            let tax = amount(product.tax, "tax of \(product.name)")
            let basisPoints = inferRate(price: price, tax: tax, vatRows: vatRows, fixedRows: fixedRows, name: product.name)
            productIndices.append(parts.count)
            parts.append(ExactPart(
                description: Self.describe(product), quantity: product.quantity, kind: .product, net: net, basisPoints: basisPoints))
        }
        for voucher in order.vouchers ?? [] {
            // A gift voucher sold is money held for the customer: a liability, untaxed (§4.2 step 5).
            parts.append(ExactPart(
                description: voucher.description, quantity: 1, kind: .giftVoucher,
                net: amount(voucher.amount, "voucher \(voucher.code)"), basisPoints: nil, outOfScope: true))
        }

        // The other rows, in the order OpenCart ran them.
        var discounts: [Discount] = []
        var payments: [(BookingPayment.Kind, String, Amount)] = []
        var shippingIndex: Int?
        let firstTaxSort = rows.filter { $0.code == "tax" }.map(\.sortOrder).min()
        for row in rows {
            switch row.code {
            case "sub_total":
                let value = amount(row.value, "sub-total")
                let lines = parts.filter { $0.kind == .product || $0.kind == .giftVoucher }.map(\.net).reduce(.zero, +)
                if (value - lines).tenThousandths.magnitude > UInt64(parts.count) {
                    problems.append(BookingProblem(
                        .totalRowsMismatch, "The order's sub-total \(value) differs from the sum of its lines \(lines).",
                        hint: "An extension changed the sub-total. Check the order in the shop; report the problem if it looks right."))
                }
            case "shipping", "handling", "low_order_fee":
                let value = amount(row.value, row.title)
                let basisPoints = classRate(for: row.code, vatRows: vatRows)
                if row.code == "shipping" { shippingIndex = parts.count }
                parts.append(ExactPart(
                    description: row.title, quantity: 1, kind: row.code == "shipping" ? .shipping : .fee, net: value,
                    basisPoints: basisPoints))
            case "coupon", "reward":
                let value = amount(row.value, row.title)
                if value != .zero { discounts.append(Discount(title: row.title, value: value, code: row.code)) }
            case "credit", "voucher":
                // Store credit and gift vouchers redeemed pay part of the order after tax: payments,
                // not discounts (§4.2 step 5, gotcha 9).
                payments.append((row.code == "credit" ? .storeCredit : .giftVoucher, row.title, amount(row.value, row.title)))
            case "tax", "total":
                break
            default:
                let value = amount(row.value, row.title)
                // A row after the tax rows cannot have changed the tax (§2.3): untaxed. One before
                // them may be taxed; its rate is then derived from what the tax rows leave over.
                let untaxed = firstTaxSort.map { row.sortOrder > $0 } ?? true
                problems.append(BookingProblem(
                    .unknownTotalRow,
                    "The order has a total row \"\(row.title)\" (\(row.code)) that koppel does not know; it is booked as a fee\(untaxed ? " without VAT" : "").",
                    hint: "Check in the ledger that the fee is booked on the right account and VAT code.", severity: .warning))
                parts.append(ExactPart(description: row.title, quantity: 1, kind: .fee, net: value, basisPoints: untaxed ? 0 : nil))
            }
        }
        for row in fixedRows {
            // A fixed per-unit tax (type F, such as the demo "Eco Tax (-2.00)") is not VAT: booked as
            // its own levy line, untaxed, with the row's amount.
            parts.append(ExactPart(description: row.title, quantity: 1, kind: .levy, net: row.value, basisPoints: nil, outOfScope: true))
            if row.rate != nil {
                problems.append(BookingProblem(
                    .fixedRateTax, "The order contains the fixed tax \"\(row.title)\" (\(row.value)); it is booked as a separate levy line without VAT.",
                    hint: "Check that the levy account in Configuration is the one your accountant wants.", severity: .warning))
            }
        }

        // Discounts allocated per line, and the rates of shipping/fees not known from their class.
        let solution = solve(parts: parts, products: productIndices, shipping: shippingIndex, discounts: discounts, vatRows: vatRows)
        parts = solution.parts
        if !solution.consistent {
            problems.append(BookingProblem(
                .discountAllocationEstimated,
                "The VAT the shop charged per rate does not match the lines after discounts; discounts are spread over all products pro rata.",
                hint: "Check the VAT per rate of this booking against the order; a coupon restricted to some products can cause this.",
                severity: .warning))
        }

        let rounded = round(
            parts: parts, vatRows: vatRows, payments: payments, total: total, isICP: isICP, isExport: isExport, country: country)
        if orderDate == nil {
            problems.append(BookingProblem(
                .invalidDate, "The order date \"\(order.dateAdded)\" is not a date.",
                hint: "Push the order again from the shop; report the problem if it stays."))
        }
        let document = BookingDocument(
            reference: String(order.orderID), orderDate: orderDate ?? order.dateAdded, currency: settings.store.currency.uppercased(),
            customer: customer, lines: rounded.lines, vatTotals: rounded.vatTotals, payments: rounded.payments,
            grossTotal: rounded.paid, isICP: isICP, isExport: isExport, foreignCurrency: rounded.foreign)
        problems += rowChecks(rows: rows, total: total)
        if order.orderStatusID == 0 {
            problems.append(BookingProblem(
                .unbookableStatus, "Order \(order.orderID) has status 0 (\"missing order\"): the checkout was never completed.",
                hint: "Nothing to do: OpenCart keeps abandoned checkouts with status 0 and koppel never books them."))
        }
        return OpenCartBooking(document: document, problems: problems)
    }

    /// "Coupon (X)" rows carry no rate; titles like "BTW 21%" or "VAT (5.5%)" do.
    static func percentage(inTitle title: String) -> Int? {
        guard let percent = title.firstIndex(of: "%") else { return nil }
        let digits = title[..<percent].reversed().prefix { $0.isNumber || $0 == "." || $0 == "," }.reversed()
        let number = String(digits.map { $0 == "," ? "." : $0 })
        guard !number.isEmpty, let value = try? parseFixedPoint(number, decimals: 2, maxWholeDigits: 3) else { return nil }
        return Int(value)
    }

    static func describe(_ product: PushedProduct) -> String {
        let options = (product.options ?? []).map { "\($0.name): \($0.value)" }
        return options.isEmpty ? product.name : "\(product.name) (\(options.joined(separator: ", ")))"
    }
}
