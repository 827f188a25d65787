import Foundation
import KoppelCore
import OpenCart
import Testing

/// The orders every ledger books alike: OpenCart 3.0.4.1's own orders from Tests/Fixtures/opencart/corpus
/// (its README says how each was made), built into booking documents the way the booking job builds them.
struct ConformanceFixture: Sendable, CustomTestStringConvertible {
    var name: String
    var file: String

    static let all: [ConformanceFixture] = [
        // 2 × Apple Cinema 30" with priced options, 21% only: 399.46.
        ConformanceFixture(name: "domestic", file: "opencart3-options-priced"),
        // 3 × iPhone (21%) + 2 × iPod Shuffle (9%) + shipping (21%): 44.83.
        ConformanceFixture(name: "9% and 21%", file: "opencart3-guest-mixed-rates"),
        // The same cart with a 10% coupon on both rates: 40.85.
        ConformanceFixture(name: "discount", file: "opencart3-coupon-percentage"),
        // A business customer in Belgium with a valid VAT number, no VAT charged: 37.96.
        ConformanceFixture(name: "ICP", file: "opencart3-icp-valid-vat"),
        // 6 × 9.0744 (21%) + shipping, 50.00 of it paid with a gift voucher: 20.88 left to pay.
        ConformanceFixture(name: "gift voucher", file: "opencart3-voucher-redeemed"),
        // 9.0744 net at 21%: the shop's VAT row 1.9056 is 1.91, 9.07 × 21% is 1.90.
        ConformanceFixture(name: "rounding trap", file: "opencart3-rounding-9.0744-no-shipping"),
    ]

    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/opencart/corpus")

    var testDescription: String { name }

    /// The booking document, not yet mapped onto a ledger; custom field 1 is the VAT number, as the
    /// corpus shop has it.
    func document() throws -> BookingDocument {
        let rows = try JSONDecoder().decode(OrderRows.self, from: Data(contentsOf: Self.folder.appendingPathComponent("\(file).json")))
        let settings = try JSONDecoder().decode(
            SettingsRows.self, from: Data(contentsOf: Self.folder.appendingPathComponent("opencart3-settings.json"))
        ).shopSettings(vatCustomFieldID: 1)
        let booking = try rows.pushedOrder().booking(settings: settings)
        #expect(booking.problems.isEmpty, "\(name): \(booking.problems)")
        var document = booking.document
        #expect(document.isICP == (name == "ICP"), "\(name): ICP is \(document.isICP)")
        #expect(document.payments.isEmpty == (name != "gift voucher"), "\(name): payments \(document.payments)")
        // Dated today: Minox finds an entry by order number among this and last year's lines only.
        document.orderDate = Self.today
        return document
    }

    static var today: String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd"
        return formatter.string(from: Date())
    }
}
