import Foundation
import KoppelCore
import KoppelHTTP
import Mijnwebwinkel
import Testing

/// The spec's shapes and the live API's deviations (§1.4) decode to the same order, to the cent.
@Suite("Mijnwebwinkel shapes")
struct MijnwebwinkelShapeTests {
    /// Two rates, a payment surcharge spread over both (a list price), a discount, shipping, no shipping country.
    static let order = #"""
    {"number": 1001, "date": "2026-02-03", "time": "14:05:00", "status": 2, "payment_status": "captured",
     "payment": {"gateway_name": "mollie", "method_name": "ideal"}, "shipping_country": null,
     "business_model": "B2B", "reference": "PO-77", "tax_strategy": "",
     "debtor": {"email": "inkoop@fietsen.example", "address": {"invoice": {"name": "Jan Jansen", "company": "Fietsen B.V.",
       "street": "Dorpsstraat", "number": "1", "zipcode": "1234AB", "city": "Utrecht", "country": "Nederland",
       "country_code": "NL", "taxnumber": "NL123456789B01"}}},
     "lines": [
       {"type": "article", "description": "Fiets", "quantity": 1, "price": {"rate": "21.00", "amount_including_tax": "499.00"}},
       {"type": "article", "description": "Boek", "quantity": 2, "price": {"rate": "9.00", "amount_including_tax": "39.90"}},
       {"type": "shipping", "description": "Verzending", "quantity": 1, "price": {"rate": "21.00", "amount_including_tax": "6.95"}},
       {"type": "discount", "description": "Korting", "quantity": 1,
        "price": [{"rate": "9.00", "amount_including_tax": "-2.00"}, {"rate": "21.00", "amount_including_tax": "-10.00"}]},
       {"type": "payment", "description": "Betaalkosten", "quantity": 1,
        "price": [{"rate": "9.00", "amount_including_tax": "0.21"}, {"rate": "21.00", "amount_including_tax": "0.79"}]}
     ]}
    """#

    @Test("spec and live shapes decode to the same order and the same cents")
    func bothShapesDecodeAlike() throws {
        let sandbox = try MijnwebwinkelSandboxProcess()
        try sandbox.sandbox("POST", "/orders", json: Self.order)
        let client = try MijnwebwinkelClient(access: sandbox.access)
        let spec = try client.order(number: "1001")
        let specRaw = try rawOrder(sandbox)

        try sandbox.sandbox("POST", "/deviations", json: #"{"mode": "live"}"#)
        let live = try client.order(number: "1001")
        let liveRaw = try rawOrder(sandbox)

        // The switch took: the answers differ where §1.4 says the live API deviates.
        #expect(specRaw["number"] as? Int == 1001)
        #expect(liveRaw["number"] as? String == "1001")
        #expect((specRaw["price"] as? [String: Any])?["total"] as? String == "534.850000")
        #expect(((specRaw["price"] as? [String: Any])?["tax"] as? [Any])?.count == 2)
        #expect(((liveRaw["shipping"] as? [[String: Any]])?.first?["country"] as? [Any])?.isEmpty == true)
        #expect(specRaw["credit_order_numbers"] == nil)
        #expect((liveRaw["credit_order_numbers"] as? [Any])?.isEmpty == true)

        #expect(spec == live)
        #expect(spec.number == "1001")
        #expect(spec.grossTotal == Cents(53_485))
        #expect(spec.vatTotals == [
            MijnwebwinkelVATTotal(rateBasisPoints: 900, vat: Cents(315)),
            MijnwebwinkelVATTotal(rateBasisPoints: 2100, vat: Cents(8_621)),
        ])
        #expect(spec.lines.map(\.gross) == [Cents(49_900), Cents(3_990), Cents(695), Cents(-1_200), Cents(100)])
        #expect(spec.lines.map(\.kind) == [.article, .article, .shipping, .discount, .payment])
        #expect(spec.lines[0].portions[0].netMillionths == 412_396_694)
        #expect(spec.lines[0].portions[0].net == Cents(41_240))
        #expect(spec.lines[3].portions.map(\.rateBasisPoints) == [900, 2100])
        #expect(spec.lines.map(\.gross).sum() == spec.grossTotal)
        #expect(spec.debtor.invoiceAddress.company == "Fietsen B.V.")
        #expect(spec.debtor.vatNumber == "NL123456789B01")
        #expect(spec.customerReference == "PO-77")
        #expect(spec.payment.isPaid)
        #expect(spec.payment.methodName == "ideal")
        #expect(spec.shippingCountryCode == nil)
        #expect(spec.status == MijnwebwinkelOrderStatus(id: 2, name: "Betaald"))
    }

    @Test("a single-rate order's VAT total comes as one object live, as a list in the spec's shape")
    func singleRateTax() throws {
        let sandbox = try MijnwebwinkelSandboxProcess(["--deviations", "live"])
        try sandbox.sandbox("POST", "/orders", json: MijnwebwinkelPagingTests.order(number: 1001))
        let raw = try rawOrder(sandbox)
        let tax = try #require((raw["price"] as? [String: Any])?["tax"] as? [String: Any])
        #expect(tax["amount"] as? String == "86.60")
        #expect(tax["rate"] as? String == "21.00")
        let client = try MijnwebwinkelClient(access: sandbox.access)
        let order = try client.order(number: "1001")
        #expect(order.vatTotals == [MijnwebwinkelVATTotal(rateBasisPoints: 2100, vat: Cents(8_660))])
        #expect(order.grossTotal == Cents(49_900))
    }

    private func rawOrder(_ sandbox: MijnwebwinkelSandboxProcess) throws -> [String: Any] {
        let tokens = "token=\(MijnwebwinkelSandboxProcess.storeToken)&partner_token=\(MijnwebwinkelSandboxProcess.partnerToken)"
        let response = try sandbox.call("GET", "/v1/orders/1001?\(tokens)")
        try #require(response.status == 200, "\(response.text)")
        return try #require(try JSONSerialization.jsonObject(with: response.body) as? [String: Any])
    }
}
