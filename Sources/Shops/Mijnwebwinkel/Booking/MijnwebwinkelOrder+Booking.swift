import KoppelCore

extension MijnwebwinkelOrder {
    /// The neutral booking document of this order. The order's own figures are the authority, as
    /// OpenCart's tax rows are: every line keeps the gross the customer saw (`amount_including_tax`, the
    /// figure to book [CHG 1.1.23]), each rate's VAT is the order's `price.tax` figure, and the nets follow
    /// from the two (`MijnwebwinkelDocumentBuilder.lines`).
    public func booking(options: MijnwebwinkelBookingOptions = MijnwebwinkelBookingOptions()) -> MijnwebwinkelBooking {
        var builder = MijnwebwinkelDocumentBuilder(order: self, options: options)
        return builder.build()
    }
}

struct MijnwebwinkelDocumentBuilder {
    let order: MijnwebwinkelOrder
    let options: MijnwebwinkelBookingOptions
    var problems: [BookingProblem] = []

    init(order: MijnwebwinkelOrder, options: MijnwebwinkelBookingOptions) {
        self.order = order
        self.options = options
    }

    mutating func build() -> MijnwebwinkelBooking {
        let (lines, vatTotals) = self.lines()
        var bookedLines = lines
        // A rounding line only where the order's own figures disagree: its lines against `price.total`.
        let booked = bookedLines.map(\.gross).sum()
        if booked != order.grossTotal {
            bookedLines.append(BookingLine(
                description: "Rounding difference", net: order.grossTotal - booked, rate: .outOfScope, vat: .zero, kind: .rounding))
        }
        if !Self.isDate(order.date) {
            problems.append(BookingProblem(
                .invalidDate, "The order date \"\(order.date)\" is not a date.",
                hint: "Check the order in Mijnwebwinkel; report the problem if it stays."))
        }
        let document = BookingDocument(
            reference: order.number, orderDate: order.date, currency: order.currency.uppercased(), customer: customer,
            lines: bookedLines, vatTotals: vatTotals, payments: [], grossTotal: order.grossTotal, isICP: isICP, isExport: isExport)
        return MijnwebwinkelBooking(document: document, problems: problems, creditsOrder: order.creditedOrderNumber)
    }

    /// The VAT date is the order's `date` as the shop gives it: `YYYY-MM-DD` [SPEC `Order.date`], in the
    /// store's own time [Guess: the spec names no time zone; the store's own is what the shop shows its owner
    /// and what its invoices print, apis-ledgers-shops.md §1.4/§5]. It is never converted, like OpenCart's
    /// `date_added`: a conversion from a zone the shop does not state could move an order into another VAT
    /// period.
    static func isDate(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            parts.allSatisfy({ $0.allSatisfy(\.isNumber) }), let month = Int(parts[1]), let day = Int(parts[2])
        else { return false }
        return (1...12).contains(month) && (1...31).contains(day)
    }
}
