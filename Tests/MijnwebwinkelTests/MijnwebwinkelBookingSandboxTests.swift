import Foundation
import KoppelCore
import Mijnwebwinkel
import Testing
import TestSupport

/// Orders played in the sandbox, read back through the client over HTTP in both shapes and booked: every
/// document to the cent against the order's own figures and against what the test itself put in.
@Suite("Mijnwebwinkel booking against the sandbox")
struct MijnwebwinkelBookingSandboxTests {
    /// What a test put into an order, and the figures it expects from that alone.
    struct Expected {
        var number: Int
        var json: String
        /// Every line portion's gross, in the order posted.
        var lineGross: [Cents]
        /// VAT per rate, worked out here: the rate's gross total × rate / (100 % + rate), half away from zero.
        var vat: [Int: Cents]
        var total: Cents
        var isICP = false
        var isExport = false
        var vatNumber: String?
        var company: String?
        var name: String
    }

    static func money(_ cents: Int64) -> String {
        (cents < 0 ? "-" : "") + "\(cents.magnitude / 100)." + (cents.magnitude % 100 < 10 ? "0" : "") + "\(cents.magnitude % 100)"
    }

    static func rateText(_ basisPoints: Int) -> String { money(Int64(basisPoints)) }

    /// Builds the sandbox body and the expectation of an order from its portions: (type, description,
    /// quantity, [(rate, gross)]).
    static func expected(
        number: Int, lines: [(String, String, Int, [(Int, Int64)])], strategy: String = "", country: String = "NL",
        vatNumber: String? = nil, company: String? = nil, name: String = "Anna de Vries"
    ) -> Expected {
        var grossPerRate: [Int: Int64] = [:]
        var lineGross: [Cents] = []
        var lineJSON: [String] = []
        for (type, description, quantity, portions) in lines {
            for (rate, gross) in portions {
                grossPerRate[rate, default: 0] += gross
                lineGross.append(Cents(gross))
            }
            let prices = portions.map { #"{"rate": "\#(rateText($0.0))", "amount_including_tax": "\#(money($0.1))"}"# }
            let price = portions.count == 1 ? prices[0] : "[" + prices.joined(separator: ", ") + "]"
            lineJSON.append(#"{"type": "\#(type)", "description": "\#(description)", "quantity": \#(quantity), "price": \#(price)}"#)
        }
        var vat: [Int: Cents] = [:]
        for (rate, gross) in grossPerRate {
            let exact = gross * Int64(rate)
            let divisor = 10_000 + Int64(rate)
            vat[rate] = Cents(exact >= 0 ? (exact + divisor / 2) / divisor : -((-exact + divisor / 2) / divisor))
        }
        let json = #"{"number": \#(number), "date": "2026-04-30", "time": "23:30:00", "status": 2, "tax_strategy": "\#(strategy)","#
            + #" "tax_region": "\#(country)", "business_model": "\#(company == nil ? "B2C" : "B2B")","#
            + #" "debtor": {"email": "klant\#(number)@example.nl", "address": {"invoice": {"name": "\#(name)", "company": "\#(company ?? "")","#
            + #" "street": "Kerkstraat", "number": "\#(number)", "zipcode": "1017GB", "city": "Plaats", "country_code": "\#(country)","#
            + #" "taxnumber": "\#(vatNumber ?? "")"}}}, "lines": [\#(lineJSON.joined(separator: ", "))]}"#
        return Expected(
            number: number, json: json, lineGross: lineGross, vat: vat, total: Cents(grossPerRate.values.reduce(0, +)),
            isICP: strategy == "reverse_charged_vat", isExport: strategy == "zero_percent", vatNumber: vatNumber, company: company,
            name: name)
    }

    /// The document is exact against the order's own figures: every line keeps its gross, the VAT per rate
    /// is the order's figure, net + VAT of each rate is its gross, and the whole adds up without rounding.
    static func expectExact(_ order: MijnwebwinkelOrder, _ booking: MijnwebwinkelBooking, sourceLocation: SourceLocation = #_sourceLocation) {
        let document = booking.document
        #expect(booking.problems.isEmpty, "order \(order.number): \(booking.problems)", sourceLocation: sourceLocation)
        #expect(BookingPrechecks.totals(document, roundingTolerance: .zero).isEmpty, "order \(order.number)", sourceLocation: sourceLocation)
        #expect(document.grossTotal == order.grossTotal, sourceLocation: sourceLocation)
        #expect(document.lines.map(\.gross) == order.lines.flatMap { $0.portions.map(\.gross) }, "order \(order.number)", sourceLocation: sourceLocation)
        #expect(!document.lines.contains { $0.kind == .rounding }, "order \(order.number)", sourceLocation: sourceLocation)
        for figure in order.vatTotals {
            #expect(
                document.vatTotals.filter { $0.rate.basisPoints == figure.rateBasisPoints }.map(\.vat) == [figure.vat],
                "order \(order.number) at \(figure.rateBasisPoints)", sourceLocation: sourceLocation)
        }
    }

    /// Also exact against what the test put in, worked out without the sandbox's or koppel's arithmetic.
    static func expectMatches(_ booking: MijnwebwinkelBooking, _ expected: Expected, sourceLocation: SourceLocation = #_sourceLocation) {
        let document = booking.document
        #expect(document.reference == String(expected.number), sourceLocation: sourceLocation)
        #expect(document.grossTotal == expected.total, "order \(expected.number)", sourceLocation: sourceLocation)
        #expect(document.lines.map(\.gross) == expected.lineGross, "order \(expected.number)", sourceLocation: sourceLocation)
        let vat = Dictionary(uniqueKeysWithValues: document.vatTotals.map { ($0.rate.basisPoints, $0.vat) })
        #expect(vat == expected.vat, "order \(expected.number)", sourceLocation: sourceLocation)
        for total in document.vatTotals {
            let gross = document.lines.filter { $0.rate == total.rate }.map(\.gross).sum()
            #expect(total.netBase + total.vat == gross, "order \(expected.number)", sourceLocation: sourceLocation)
        }
        #expect(document.isICP == expected.isICP && document.isExport == expected.isExport, "order \(expected.number)", sourceLocation: sourceLocation)
        #expect(document.customer.vatNumber == expected.vatNumber, sourceLocation: sourceLocation)
        #expect(document.customer.displayName == (expected.company ?? expected.name), sourceLocation: sourceLocation)
        #expect(document.customer.email == "klant\(expected.number)@example.nl", sourceLocation: sourceLocation)
        #expect(document.customer.street == "Kerkstraat \(expected.number)", sourceLocation: sourceLocation)
        #expect(document.orderDate == "2026-04-30", sourceLocation: sourceLocation)
    }

    /// Every order of the sandbox, read in the spec's shape and then in the live API's.
    static func readBothShapes(_ sandbox: MijnwebwinkelSandboxProcess) throws -> (spec: [MijnwebwinkelOrder], live: [MijnwebwinkelOrder]) {
        try sandbox.sandbox("POST", "/deviations", json: #"{"mode": "spec"}"#)
        let spec = try MijnwebwinkelClient(access: sandbox.access).orders()
        try sandbox.sandbox("POST", "/deviations", json: #"{"mode": "live"}"#)
        let live = try MijnwebwinkelClient(access: sandbox.access).orders()
        return (spec, live)
    }

    @Test("every order the sandbox generates books to the cent, alike in both shapes")
    func generatedOrders() throws {
        let sandbox = try MijnwebwinkelSandboxProcess()
        // The generator's variants repeat every 210 orders (quantities by 3, prices by 7, a second rate by 2,
        // a payment surcharge over two rates by 5).
        try sandbox.sandbox("POST", "/orders/generate", json: #"{"count": 210}"#)
        let (spec, live) = try Self.readBothShapes(sandbox)
        try #require(spec.count == 210 && live.count == 210)
        for (specOrder, liveOrder) in zip(spec, live) {
            let booking = specOrder.booking()
            #expect(liveOrder.booking() == booking)
            Self.expectExact(specOrder, booking)
            var grossPerRate: [Int: Int64] = [:]
            for portion in specOrder.lines.flatMap(\.portions) { grossPerRate[portion.rateBasisPoints, default: 0] += portion.gross.value }
            for (rate, gross) in grossPerRate {
                let divisor = 10_000 + Int64(rate)
                let vat = Cents((gross * Int64(rate) + divisor / 2) / divisor)
                #expect(booking.document.vatTotals.first { $0.rate.basisPoints == rate }?.vat == vat, "order \(specOrder.number)")
            }
        }
    }

    static let hardCases: [Expected] = [
        // A discount over two rates, shipping at 21 %.
        expected(number: 2001, lines: [
            ("article", "Lamp", 1, [(2100, 10_000)]), ("article", "Boek", 2, [(900, 5_000)]),
            ("discount", "Korting", 1, [(900, -500), (2100, -1_000)]), ("shipping", "Verzending", 1, [(2100, 695)]),
        ]),
        // Goods at 9 %, shipping at 21 %.
        expected(number: 2002, lines: [("article", "Koffie", 3, [(900, 3_990)]), ("shipping", "Verzending", 1, [(2100, 695)])]),
        // Amounts that do not divide: three times 10.00 at 21 % and one cent at 9 %.
        expected(number: 2003, lines: [
            ("article", "A", 1, [(2100, 1_000)]), ("article", "B", 1, [(2100, 1_000)]), ("article", "C", 1, [(2100, 1_000)]),
            ("article", "D", 1, [(900, 1)]),
        ]),
        // ICP at 0 %, with and without a VAT number.
        expected(
            number: 2004, lines: [("article", "Machine", 1, [(0, 120_000)]), ("shipping", "Verzending", 1, [(0, 2_500)])],
            strategy: "reverse_charged_vat", country: "BE", vatNumber: "BE0123456749", company: "Machines BV"),
        expected(
            number: 2005, lines: [("article", "Machine", 1, [(0, 120_000)])], strategy: "reverse_charged_vat", country: "BE",
            company: "Machines BV"),
        // Outside the EU at 0 %.
        expected(number: 2006, lines: [("article", "Tas", 2, [(0, 4_999)])], strategy: "zero_percent", country: "US"),
    ]

    @Test("hard cases: a discount over two rates, shipping at 21 % with goods at 9 %, amounts that do not divide, ICP, export")
    func hardCases() throws {
        let sandbox = try MijnwebwinkelSandboxProcess()
        for order in Self.hardCases { try sandbox.sandbox("POST", "/orders", json: order.json) }
        let (spec, live) = try Self.readBothShapes(sandbox)
        try #require(spec.map(\.number) == Self.hardCases.map { String($0.number) })
        var bookings: [String: MijnwebwinkelBooking] = [:]
        for ((order, liveOrder), expected) in zip(zip(spec, live), Self.hardCases) {
            let booking = order.booking()
            #expect(liveOrder.booking() == booking)
            Self.expectExact(order, booking)
            Self.expectMatches(booking, expected)
            bookings[order.number] = booking
        }
        let discount = try #require(bookings["2001"]).document
        // 21 %: 96.95 gross, VAT 16.83, net 80.12 over 82.644628, -8.264463 and 5.743802.
        // 9 %: 45.00 gross, VAT 3.72, net 41.28 over 45.871560 and -4.587156.
        #expect(discount.lines.map(\.net) == [8_264, 4_587, -459, -826, 574].map(Cents.init))
        #expect(discount.lines.map(\.vat) == [1_736, 413, -41, -174, 121].map(Cents.init))
        #expect(discount.lines.map(\.kind) == [.product, .product, .discount, .discount, .shipping])
        #expect(discount.lines[2].description == "Korting (9%)" && discount.lines[2].rate == VATRate(basisPoints: 900, kind: .reduced))
        #expect(discount.vatTotals == [
            VATTotal(rate: VATRate(basisPoints: 2100, kind: .standard), netBase: Cents(8_012), vat: Cents(1_683)),
            VATTotal(rate: VATRate(basisPoints: 900, kind: .reduced), netBase: Cents(4_128), vat: Cents(372)),
        ])
        let shipping = try #require(bookings["2002"]).document
        #expect(shipping.lines.map(\.net) == [3_661, 574].map(Cents.init))
        #expect(shipping.lines.map(\.rate) == [VATRate(basisPoints: 900, kind: .reduced), VATRate(basisPoints: 2100, kind: .standard)])
        #expect(shipping.lines.map(\.kind) == [.product, .shipping])
        let indivisible = try #require(bookings["2003"]).document
        // 30.00 at 21 %: VAT 5.21, net 24.79; three equal nets of 8.264463 take 8.27, 8.26, 8.26.
        #expect(indivisible.lines.map(\.net) == [827, 826, 826, 1].map(Cents.init))
        #expect(indivisible.lines.map(\.vat) == [173, 174, 174, 0].map(Cents.init))

        var mapping = VATMapping.defaults()
        mapping.set(.icp, basisPoints: 0, vatCode: "ICP", revenueAccount: "8100")
        mapping.set(.international, basisPoints: 0, vatCode: "EXP", revenueAccount: "8200")
        for (rate, code) in [(2100, "V21"), (900, "V9")] { mapping.set(.country("NL"), basisPoints: rate, vatCode: code, revenueAccount: "8000") }
        let options = MijnwebwinkelBookingOptions()
        for number in ["2001", "2002", "2003", "2004", "2006"] {
            #expect(MijnwebwinkelPrechecks.run(try #require(bookings[number]), options: options, mapping: mapping).isEmpty, "order \(number)")
        }
        let icp = try #require(bookings["2004"]).document
        #expect(icp.lines.map(\.rate) == [VATRate(basisPoints: 0, kind: .icp), VATRate(basisPoints: 0, kind: .icp)])
        #expect(icp.customer.countryCode == "BE")
        #expect(MijnwebwinkelPrechecks.run(try #require(bookings["2005"]), options: options, mapping: mapping).map(\.code) == [.missingVATNumber])
        #expect(try #require(bookings["2006"]).document.lines.map(\.rate) == [VATRate(basisPoints: 0, kind: .export)])
    }

    @Test("an order made with the public initialisers (outside the module) books alike")
    func publicInitialisers() {
        let order = MijnwebwinkelOrder(
            number: "77", date: "2026-05-01", status: MijnwebwinkelOrderStatus(id: 2, name: "Betaald"),
            debtor: MijnwebwinkelDebtor(
                email: "klant77@example.nl",
                invoiceAddress: MijnwebwinkelAddress(name: "Anna de Vries", street: "Kerkstraat", houseNumber: "77", countryCode: "NL")),
            lines: [
                MijnwebwinkelOrderLine(kind: .article, quantity: 3, description: "Koffie", portions: [
                    MijnwebwinkelLinePortion(rateBasisPoints: 900, gross: Cents(3_990), netMillionths: 36_605_505),
                ]),
                MijnwebwinkelOrderLine(kind: .shipping, description: "Verzending", portions: [
                    MijnwebwinkelLinePortion(rateBasisPoints: 2100, gross: Cents(695), netMillionths: 5_743_802),
                ]),
            ],
            vatTotals: [MijnwebwinkelVATTotal(rateBasisPoints: 900, vat: Cents(329)), MijnwebwinkelVATTotal(rateBasisPoints: 2100, vat: Cents(121))],
            grossTotal: Cents(4_685))
        let booking = order.booking()
        Self.expectExact(order, booking)
        #expect(booking.document.lines.map(\.net) == [3_661, 574].map(Cents.init))
        #expect(booking.document.customer.lastName == "de Vries")
        #expect(MijnwebwinkelStatusPolicy().decision(for: order) == .book)
    }

    static func randomOrder(number: Int, _ random: inout SplitMix64) -> Expected {
        let kind = Int.random(in: 0..<10, using: &random)
        let rates: [Int] = kind == 0 || kind == 1 ? [0] : [2100, 900, 2100, 900, 0]
        var lines: [(String, String, Int, [(Int, Int64)])] = []
        var grossPerRate: [Int: Int64] = [:]
        for index in 0..<Int.random(in: 1...4, using: &random) {
            let rate = rates.randomElement(using: &random)!
            let gross = Int64.random(in: 1...250_000, using: &random)
            grossPerRate[rate, default: 0] += gross
            lines.append(("article", "Artikel \(index + 1)", Int.random(in: 1...5, using: &random), [(rate, gross)]))
        }
        if Bool.random(using: &random) {
            lines.append(("shipping", "Verzendkosten", 1, [(rates.randomElement(using: &random)!, Int64.random(in: 0...1_500, using: &random))]))
        }
        let present = grossPerRate.keys.sorted()
        if Int.random(in: 0..<10, using: &random) < 3 {
            // A discount spread over every rate of the goods, at most a fifth of each.
            lines.append(("discount", "Korting", 1, present.map { ($0, -Int64.random(in: 1...max(1, grossPerRate[$0]! / 5), using: &random)) }))
        }
        if Int.random(in: 0..<10, using: &random) < 2 {
            lines.append(("payment", "Betaalkosten", 1, present.map { ($0, Int64.random(in: 1...150, using: &random)) }))
        }
        switch kind {
        case 0:
            return expected(
                number: number, lines: lines, strategy: "reverse_charged_vat", country: "BE", vatNumber: "BE0123456749",
                company: "Groothandel \(number) BV")
        case 1:
            return expected(number: number, lines: lines, strategy: "zero_percent", country: "US", name: "Sam Smith")
        default:
            return expected(number: number, lines: lines, company: kind == 2 ? "Winkel \(number) BV" : nil)
        }
    }

    @Test("150 random orders played through /sandbox/orders, read over HTTP in both shapes, each to the cent")
    func randomOrders() throws {
        let sandbox = try MijnwebwinkelSandboxProcess()
        var random = SplitMix64(seed: 20_260_430)
        let orders = (0..<150).map { Self.randomOrder(number: 3_001 + $0, &random) }
        for order in orders { try sandbox.sandbox("POST", "/orders", json: order.json) }
        let (spec, live) = try Self.readBothShapes(sandbox)
        try #require(spec.map(\.number) == orders.map { String($0.number) })
        try #require(live.map(\.number) == orders.map { String($0.number) })
        for ((order, liveOrder), expected) in zip(zip(spec, live), orders) {
            let booking = order.booking()
            #expect(liveOrder.booking() == booking)
            Self.expectExact(order, booking)
            Self.expectMatches(booking, expected)
        }
    }
}
