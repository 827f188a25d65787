import KoppelCore
import Ledger
import Testing

/// What the reconciler compares, checked against the document that was booked: reference, date,
/// gross, net, VAT per code and customer, to the cent.
func expectReadBack(_ found: LedgerBooking, equals booking: PreparedBooking, _ context: String) {
    let document = booking.document
    #expect(found.reference == document.reference, "\(context)")
    #expect(found.date == document.orderDate, "\(context)")
    #expect(found.gross == document.grossTotal, "\(context)")
    #expect(found.net == document.grossTotal - document.vatTotal, "\(context)")
    // Codes with no VAT (0%, ICP, a rounding line's) are listed by one ledger and left out by another.
    var expected: [String: Cents] = [:]
    for total in document.vatTotals { expected[total.ledgerVATCode ?? "", default: .zero] += total.vat }
    #expect(found.vatByCode.filter { !$0.value.isZero } == expected.filter { !$0.value.isZero }, "\(context)")
    #expect(found.customer?.email.lowercased() == document.customer.email.lowercased(), "\(context)")
    #expect(found.customer?.displayName == document.customer.displayName, "\(context)")
}
