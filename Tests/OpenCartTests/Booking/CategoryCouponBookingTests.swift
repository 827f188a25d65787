import Foundation
import KoppelCore
import Testing
@testable import OpenCart

/// A coupon limited to a category, as OpenCart 4.0.2.3 and 3.0.4.1 booked it in the corpus
/// (`coupon-category`): MP3SPELERS takes 20 % off the MP3 players only, 2 × iPod Shuffle at 9 %
/// and 5 × iPod Nano at 21 %, not 3 × iPhone at 21 %. No rule of "all products", "the products of
/// some rates" explains the tax rows; the split per rate is read off them.
struct CategoryCouponBookingTests {
    static let folder = Fixtures.folder.appendingPathComponent("corpus")

    static func booking(_ source: String) throws -> OpenCartBooking {
        let order = try JSONDecoder().decode(
            OrderRows.self, from: Data(contentsOf: folder.appendingPathComponent("\(source)-coupon-category.json"))
        ).pushedOrder()
        let settings = try JSONDecoder().decode(
            SettingsRows.self, from: Data(contentsOf: folder.appendingPathComponent("\(source)-settings.json"))
        ).shopSettings()
        return order.booking(settings: settings, options: OpenCartBookingOptions(vatNumberCustomFieldID: 1))
    }

    @Test(arguments: ["opencart4", "opencart3"])
    func theCouponLandsOnTheRatesItWasTakenOff(source: String) throws {
        let booking = try Self.booking(source)
        let document = booking.document
        #expect(booking.problems.isEmpty, "\(booking.problems)")
        // 20 % of 5 × 0.3305 = 0.3305 at 21 %, 20 % of 2 × 4.5780 = 1.8312 at 9 %: -2.1617 in all.
        let discounts = Dictionary(grouping: document.lines.filter { $0.kind == .discount }, by: \.rate.basisPoints)
            .mapValues { $0.map(\.net) }
        #expect(discounts == [2100: [Cents(-33)], 900: [Cents(-183)]])
        // Net per rate: 24.6693 + 1.6525 - 0.3305 + 4.1322 = 30.1235 and 9.1560 - 1.8312 = 7.3248, whose
        // VAT at Moneybird's arithmetic (30.12 × 21 % = 6.3252, 7.32 × 9 % = 0.6588) is OpenCart's
        // 6.3259 and 0.6592 to the cent.
        let perRate = document.vatTotals.map { ($0.rate.basisPoints, $0.netBase, $0.vat) }
        #expect(perRate.map(\.0) == [2100, 900])
        #expect(perRate.map(\.1) == [Cents(3012), Cents(732)])
        #expect(perRate.map(\.2) == [Cents(633), Cents(66)])
        #expect(document.grossTotal == Cents(4443))
        #expect(document.rounding == .zero)
    }
}
