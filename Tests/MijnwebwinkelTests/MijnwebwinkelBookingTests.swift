import Foundation
import KoppelCore
import Testing

@testable import Mijnwebwinkel

/// Mijnwebwinkel order → booking document without a server: the spec's example in both shapes, orders whose
/// own figures disagree, the VAT date, the customer and the statuses.
@Suite("Mijnwebwinkel booking")
struct MijnwebwinkelBookingTests {
    static var specExample: Data {
        get throws {
            let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/spec-order-example.json")
            return try Data(contentsOf: url)
        }
    }

    /// The spec's example as the live API would send it (§1.4): money and rates as strings (6 decimals for a
    /// line's `amount`, 2 for the rest), `number` a string, `shipping[].country` an empty list. Rewritten as
    /// text, so no amount ever passes through a floating-point number.
    static func liveShape(_ spec: Data) throws -> Data {
        var text = String(decoding: spec, as: UTF8.self)
        let pattern = try NSRegularExpression(pattern: #""(amount|amount_including_tax|rate|total)": (-?[0-9]+)(?:\.([0-9]+))?"#)
        for match in pattern.matches(in: text, range: NSRange(text.startIndex..., in: text)).reversed() {
            let key = String(text[try #require(Range(match.range(at: 1), in: text))])
            let whole = String(text[try #require(Range(match.range(at: 2), in: text))])
            let fraction = Range(match.range(at: 3), in: text).map { String(text[$0]) } ?? ""
            let decimals = key == "amount" ? 6 : 2
            try #require(fraction.count <= decimals)
            let padded = fraction + String(repeating: "0", count: decimals - fraction.count)
            text.replaceSubrange(try #require(Range(match.range, in: text)), with: "\"\(key)\": \"\(whole).\(padded)\"")
        }
        text = text.replacingOccurrences(of: "\"number\": 27,", with: "\"number\": \"27\",")
        let shipping = try #require(text.range(of: #""country": \{[^}]*"isocode": "NL"\s*\}"#, options: .regularExpression))
        text.replaceSubrange(shipping, with: "\"country\": []")
        return Data(text.utf8)
    }

    @Test("the spec's example order books to the cent in both shapes, its own VAT figures the authority")
    func specExample() throws {
        let spec = try OrderDecoding.order(try Self.specExample)
        let live = try OrderDecoding.order(try Self.liveShape(try Self.specExample))
        #expect(live.number == "27")
        #expect(live.lines == spec.lines)
        let booking = spec.booking()
        #expect(booking == live.booking())
        let document = booking.document
        #expect(booking.problems.isEmpty)
        #expect(BookingPrechecks.totals(document).isEmpty)
        // The example's VAT figures (6.50 and 0.83) are not what its rounded lines give (6.51 and 0.82): the
        // figures win, the nets follow, the total needs no rounding line.
        #expect(document.vatTotals.map(\.vat) == [Cents(650), Cents(83)])
        #expect(document.vatTotals.map(\.netBase) == [Cents(3_099), Cents(913)])
        #expect(document.lines.map(\.net) == [1_240, 818, 484, 894, 19, 65, 492].map(Cents.init))
        #expect(document.lines.map(\.vat) == [260, 172, 101, 81, 2, 14, 103].map(Cents.init))
        #expect(document.lines.map(\.gross) == [1_500, 990, 585, 975, 21, 79, 595].map(Cents.init))
        #expect(document.lines.map(\.kind) == [.product, .product, .product, .product, .fee, .fee, .fee])
        #expect(document.lines[4].description.hasSuffix("(9%)"))
        #expect(document.rounding == .zero)
        #expect(document.grossTotal == Cents(4_745))
        #expect(document.reference == "27")
        #expect(document.orderDate == "2015-11-03")
        #expect(document.currency == "EUR")
        #expect(document.vatTotals.map(\.rate) == [VATRate(basisPoints: 2100, kind: .standard), VATRate(basisPoints: 900, kind: .reduced)])
        #expect(document.customer.displayName == "Voorbeeldig BV")
        #expect(document.customer.firstName == "Truus")
        #expect(document.customer.lastName == "voorbeeldig")
        #expect(document.customer.street == "Molenstraat 62")
        #expect(document.customer.postcode == "5341GE")
        #expect(document.customer.city == "Oss")
        #expect(document.customer.countryCode == "NL")
        #expect(document.customer.email == "support@mijnwebwinkel.nl")
        #expect(document.customer.vatNumber == nil)
        #expect(!document.isICP && !document.isExport)
        // The example credits order 28 [SPEC example `credited_order_number`].
        #expect(booking.creditsOrder == "28")
    }

    static func order(
        total: String, tax: String, lines: String, strategy: String = "", country: String = "NL", taxnumber: String = "",
        currency: String = "EUR", date: String = "2026-03-31"
    ) throws -> MijnwebwinkelOrder {
        let body = #"{"number": "501", "uuid": "u-501", "date": "\#(date)", "time": "23:59:59", "status": 2, "currency": "\#(currency)","#
            + #" "tax_strategy": "\#(strategy)", "debtor": {"email": "a@b.example", "address": {"invoice": {"name": "Anna de Vries","#
            + #" "company": "", "street": "Kade", "number": "3a", "zipcode": "1000", "city": "Brussel", "country_code": "\#(country)","#
            + #" "taxnumber": "\#(taxnumber)"}}}, "price": {"tax": \#(tax), "total": "\#(total)"}, "orderlines": \#(lines)}"#
        return try OrderDecoding.order(Data(body.utf8))
    }

    @Test("a rounding line only when the order's lines and its total disagree by a cent; more is reported")
    func roundingLine() throws {
        let lines = #"[{"type": "article", "quantity": 1, "description": "A", "price": {"amount": "8.264463", "amount_including_tax": "10.00", "rate": "21.00"}}]"#
        let agreeing = try Self.order(total: "10.00", tax: #"{"amount": "1.74", "rate": "21.00"}"#, lines: lines).booking()
        #expect(!agreeing.document.lines.contains { $0.kind == .rounding })
        let offByOne = try Self.order(total: "10.01", tax: #"{"amount": "1.74", "rate": "21.00"}"#, lines: lines).booking()
        #expect(offByOne.document.rounding == Cents(1))
        #expect(BookingPrechecks.totals(offByOne.document).isEmpty)
        let offByTwo = try Self.order(total: "10.02", tax: #"{"amount": "1.74", "rate": "21.00"}"#, lines: lines).booking()
        #expect(BookingPrechecks.totals(offByTwo.document).contains(.roundingBeyondTolerance))
    }

    @Test("a VAT figure the lines do not explain, or a rate without a figure, is reported")
    func vatFiguresChecked() throws {
        let lines = #"[{"type": "article", "quantity": 1, "description": "A", "price": {"amount": "8.264463", "amount_including_tax": "10.00", "rate": "21.00"}}]"#
        let wrong = try Self.order(total: "10.00", tax: #"{"amount": "2.10", "rate": "21.00"}"#, lines: lines).booking()
        #expect(wrong.problems.contains(.vatMismatch))
        let missing = try Self.order(total: "10.00", tax: "[]", lines: lines).booking()
        #expect(missing.problems.contains(.vatMismatch))
        #expect(missing.document.vatTotals.map(\.vat) == [Cents(174)])
        let stray = try Self.order(
            total: "10.00", tax: #"[{"amount": "1.74", "rate": "21.00"}, {"amount": "0.50", "rate": "9.00"}]"#, lines: lines).booking()
        #expect(stray.problems.contains(.vatMismatch))
    }

    @Test("ICP at 0 %: a valid VAT number passes, none or a wrong one is held; a foreign currency is held")
    func prechecks() throws {
        let lines = #"[{"type": "article", "quantity": 3, "description": "A", "price": {"amount": "30.000000", "amount_including_tax": "30.00", "rate": "0.00"}}]"#
        var mapping = VATMapping.defaults()
        mapping.set(.icp, basisPoints: 0, vatCode: "ICP", revenueAccount: "8100")
        let options = MijnwebwinkelBookingOptions()
        let withNumber = try Self.order(
            total: "30.00", tax: #"{"amount": "0.00", "rate": "0.00"}"#, lines: lines, strategy: "reverse_charged_vat", country: "BE",
            taxnumber: "be 0123.456.749").booking()
        #expect(withNumber.document.isICP)
        #expect(withNumber.document.customer.vatNumber == "BE0123456749")
        #expect(withNumber.document.lines.map(\.rate) == [VATRate(basisPoints: 0, kind: .icp)])
        #expect(MijnwebwinkelPrechecks.run(withNumber, options: options, mapping: mapping).isEmpty)

        let without = try Self.order(
            total: "30.00", tax: #"{"amount": "0.00", "rate": "0.00"}"#, lines: lines, strategy: "reverse_charged_vat", country: "BE").booking()
        #expect(MijnwebwinkelPrechecks.run(without, options: options, mapping: mapping).map(\.code) == [.missingVATNumber])
        let wrongDigits = try Self.order(
            total: "30.00", tax: #"{"amount": "0.00", "rate": "0.00"}"#, lines: lines, strategy: "reverse_charged_vat", country: "BE",
            taxnumber: "BE0123456748").booking()
        #expect(MijnwebwinkelPrechecks.run(wrongDigits, options: options, mapping: mapping).map(\.code) == [.invalidVATNumberChecksum])
        // No VAT into another member state without the strategy still is ICP: held without a number.
        let unmarked = try Self.order(total: "30.00", tax: "[]", lines: lines, country: "DE").booking()
        #expect(unmarked.document.isICP)
        #expect(MijnwebwinkelPrechecks.run(unmarked, options: options, mapping: mapping).map(\.code) == [.missingVATNumber])
        // Outside the EU at 0 %: export.
        let export = try Self.order(total: "30.00", tax: "[]", lines: lines, strategy: "zero_percent", country: "US").booking()
        #expect(export.document.isExport && !export.document.isICP)
        #expect(MijnwebwinkelPrechecks.run(export, options: options, mapping: mapping).map(\.code) == [.unmappedVATRate])

        let dollars = try Self.order(
            total: "30.00", tax: "[]", lines: lines, strategy: "reverse_charged_vat", country: "BE", taxnumber: "BE0123456749",
            currency: "usd").booking()
        #expect(MijnwebwinkelPrechecks.run(dollars, options: options, mapping: mapping).map(\.code) == [.foreignCurrency])
    }

    @Test("every rate must be mapped")
    func unmappedRate() throws {
        let lines = #"[{"type": "article", "quantity": 1, "description": "A", "price": {"amount": "8.264463", "amount_including_tax": "10.00", "rate": "21.00"}}]"#
        let booking = try Self.order(total: "10.00", tax: #"{"amount": "1.74", "rate": "21.00"}"#, lines: lines).booking()
        var mapping = VATMapping.defaults()
        #expect(MijnwebwinkelPrechecks.run(booking, options: MijnwebwinkelBookingOptions(), mapping: mapping).map(\.code) == [.unmappedVATRate])
        mapping.set(.country("NL"), basisPoints: 2100, vatCode: "V21", revenueAccount: "8000")
        #expect(MijnwebwinkelPrechecks.run(booking, options: MijnwebwinkelBookingOptions(), mapping: mapping).isEmpty)
    }

    @Test("the VAT date is the order's own date, never moved by a time zone")
    func vatDate() throws {
        let lines = #"[{"type": "article", "quantity": 1, "description": "A", "price": {"amount": "8.264463", "amount_including_tax": "10.00", "rate": "21.00"}}]"#
        let lastSecond = try Self.order(total: "10.00", tax: #"{"amount": "1.74", "rate": "21.00"}"#, lines: lines).booking()
        #expect(lastSecond.document.orderDate == "2026-03-31")
        let broken = try Self.order(total: "10.00", tax: #"{"amount": "1.74", "rate": "21.00"}"#, lines: lines, date: "31-03-2026").booking()
        #expect(broken.problems.contains(.invalidDate))
    }

    @Test("statuses: paid, shipped, paid and shipped, picked up are booked; cancelled and credit apart; configurable")
    func statuses() throws {
        var order = try OrderDecoding.order(try Self.specExample)
        order.creditedOrderNumber = nil
        let policy = MijnwebwinkelStatusPolicy()
        func decide(_ id: Int, _ name: String?, credit: Bool = false, _ policy: MijnwebwinkelStatusPolicy = MijnwebwinkelStatusPolicy()) -> MijnwebwinkelStatusPolicy.Decision {
            order.status = MijnwebwinkelOrderStatus(id: id, name: name, isCreditStatus: credit)
            return policy.decision(for: order)
        }
        // The sandbox's statuses, by name.
        #expect(decide(1, "In afwachting") == .wait)
        #expect(decide(2, "Betaald") == .book)
        #expect(decide(3, "Verzonden") == .book)
        #expect(decide(4, "Afgehaald") == .book)
        #expect(decide(5, "Geannuleerd") == .cancelled)
        #expect(decide(6, "Gecrediteerd", credit: true) == .bookAsCredit)
        #expect(decide(7, " Betaald en verzonden ") == .book)
        #expect(decide(8, "Paid and shipped") == .book)
        #expect(decide(2, nil) == .wait)
        #expect(policy.bookedIDs.isEmpty)
        let own = MijnwebwinkelStatusPolicy(bookedNames: ["Betaald"], bookedIDs: [9], cancelledIDs: [10])
        #expect(decide(9, "In behandeling", own) == .book)
        #expect(decide(3, "Verzonden", own) == .wait)
        #expect(decide(10, "Retour", own) == .cancelled)
        order.creditedOrderNumber = "12"
        #expect(decide(2, "Betaald") == .bookAsCredit)
    }
}
