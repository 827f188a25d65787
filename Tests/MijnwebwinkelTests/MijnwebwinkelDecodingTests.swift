import Foundation
import KoppelCore
import KoppelHTTP
import Testing

@testable import Mijnwebwinkel

/// Decoding without a server: the spec's own example (bare JSON numbers) and amounts that are not exact.
@Suite("Mijnwebwinkel decoding")
struct MijnwebwinkelDecodingTests {
    @Test("the spec's example order, bare numbers and all, decodes exactly")
    func specExample() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/spec-order-example.json")
        let order = try OrderDecoding.order(try Data(contentsOf: url))
        #expect(order.number == "27")
        #expect(order.grossTotal == Cents(4_745))
        #expect(order.vatTotals == [
            MijnwebwinkelVATTotal(rateBasisPoints: 900, vat: Cents(83)), MijnwebwinkelVATTotal(rateBasisPoints: 2100, vat: Cents(650)),
        ])
        #expect(order.lines.map(\.gross).sum() == order.grossTotal)
        #expect(order.lines[0].portions[0].netMillionths == 12_396_694)
        #expect(order.lines[4].kind == .payment)
        #expect(order.lines[4].portions.map(\.gross) == [Cents(21), Cents(79)])
        #expect(order.creditedOrderNumber == "28")
        #expect(order.creditOrderNumbers == ["99", "101"])
        #expect(order.debtor.invoiceAddress.company == "Voorbeeldig BV")
        #expect(order.shippingCountryCode == "NL")
        #expect(order.payment.isPaid)
    }

    @Test("an amount with more decimals than the shop gives fails the answer instead of being rounded")
    func inexactAmountFails() throws {
        let body = #"[{"number": "5", "uuid": "u", "date": "2026-01-01", "time": "10:00:00", "status": 1, "debtor": {},"#
            + #" "price": {"tax": {"amount": "1.00", "rate": "21.00"}, "total": "5.995"},"#
            + #" "orderlines": [{"type": "article", "quantity": 1, "price": {"amount": "4.950000", "amount_including_tax": "5.995", "rate": "21.00"}}]}]"#
        let error = try #require(throws: MijnwebwinkelError.self) { try OrderDecoding.orders(Data(body.utf8)) }
        #expect(error.kind == .malformed)
        #expect(error.message.contains("amount_including_tax"))
    }

    @Test("tokens are scrubbed from text, plain and percent-encoded, and from any token= parameter")
    func redaction() {
        let redaction = TokenRedaction(["store/+secret", "partner-secret"])
        let text = "GET /v1/orders?token=store%2F%2Bsecret&partner_token=partner-secret&limit=100 partner-secret store/+secret token=other"
        let scrubbed = redaction.scrub(text)
        #expect(!scrubbed.contains("secret"))
        #expect(!scrubbed.contains("other"))
        #expect(scrubbed.contains("limit=100"))
        #expect(scrubbed.hasPrefix("GET /v1/orders?token=[redacted]&partner_token=[redacted]&limit=100"))
    }
}
