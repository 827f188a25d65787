import Foundation
import KoppelCore
import KoppelHTTP
import Ledger
import Minox
import Testing

/// Entries the fixture orders do not make: a discount (a negative line), an ICP sale at 0 % with the
/// customer's VAT number, and a line outside VAT.
@Suite struct MinoxEntryShapeTests {
    @Test func discountICPAndOutOfScopeLinesBalanceAndReadBack() throws {
        let sandbox = try MinoxSandboxServer()
        let ledger = try MinoxLedgerTests().ledger(sandbox)
        let icp = VATRate(basisPoints: 0, kind: .icp)
        let customer = BookingCustomer(
            firstName: "Anna", lastName: "Schmidt", company: "Fahrrad GmbH", email: "einkauf@fahrrad.de", phone: "+49 30 1234",
            street: "Hauptstraße 5", postcode: "10115", city: "Berlin", countryCode: "DE", vatNumber: "DE123456789")
        let document = BookingDocument(
            reference: "5001", orderDate: "2026-11-20", currency: "EUR", customer: customer,
            lines: [
                BookingLine(description: "Fiets", quantity: 2, net: Cents(50_000), rate: icp, vat: .zero, kind: .product,
                            ledgerAccount: "8100", ledgerVATCode: "4"),
                BookingLine(description: "Korting", net: Cents(-2_500), rate: icp, vat: .zero, kind: .discount,
                            ledgerAccount: "8100", ledgerVATCode: "4"),
                BookingLine(description: "Statiegeld", net: Cents(150), rate: .outOfScope, vat: .zero, kind: .levy,
                            ledgerAccount: "8000"),
            ],
            vatTotals: [VATTotal(rate: icp, netBase: Cents(47_500), vat: .zero, ledgerVATCode: "4")],
            payments: [], grossTotal: Cents(47_650), isICP: true)
        let status = try ledger.create(PreparedBooking(document: document, isPaid: false), idempotencyKey: "icp")
        #expect(status.gross == Cents(47_650))

        let found = try #require(try ledger.findBooking(reference: "5001"))
        #expect(found.gross == Cents(47_650))
        #expect(found.net == Cents(47_650))
        #expect(found.vatByCode == ["4": .zero])
        #expect(found.customer?.company == "Fahrrad GmbH")
        #expect(found.customer?.vatNumber == "DE123456789")
        #expect(found.customer?.countryCode == "DE")
        #expect(found.customer?.phone == "+49 30 1234")

        // The discount went on the debit side; no line carries a negative amount.
        let batch = try sandbox.call("GET", "\(sandbox.api)/transaction_line_batch/\(status.id)").text
        #expect(batch.contains(#""debit":25.00,"credit":0.00"#))
        #expect(!batch.contains(":-"))
        #expect(batch.contains(#""description":"2 × Fiets""#))
    }
}
