import Foundation
import KoppelCore
import Testing
@testable import OpenCart

/// Hand-made orders for what the real fixtures do not show, built from the real NL orders with
/// the total rows OpenCart would have written (tax rows computed at 4 decimals as OpenCart does).
struct HardCaseBookingTests {
    static let options = OpenCartBookingOptions(vatNumberCustomFieldID: 1)

    static func order(
        _ base: String = "opencart3-order-1.json", totals: [(String, String, String, Int64)], total: String
    ) throws -> PushedOrder {
        var order = try Fixtures.order(base)
        order.totals = totals.map { PushedTotal(code: $0.0, title: $0.1, value: $0.2, sortOrder: $0.3, extension: nil) }
        order.total = total
        return order
    }

    static func book(_ order: PushedOrder, options: OpenCartBookingOptions = options) throws -> OpenCartBooking {
        order.booking(settings: try Fixtures.settings("opencart3-settings.json"), options: options)
    }

    func nets(_ document: BookingDocument, _ kind: BookingLine.Kind) -> [Int: [Cents]] {
        Dictionary(grouping: document.lines.filter { $0.kind == kind }, by: \.rate.basisPoints).mapValues { $0.map(\.net) }
    }

    func vat(_ document: BookingDocument, _ basisPoints: Int) -> (Cents, Cents)? {
        document.vatTotals.first { $0.rate.basisPoints == basisPoints }.map { ($0.netBase, $0.vat) }
    }

    @Test func couponOnOneRateOnly() throws {
        // 10 % off the iPod only: 21 % row = 21 % × (24.6693 + 4.1322) = 6.0483, 9 % row = 9 % × 8.2404.
        let order = try Self.order(totals: [
            ("sub_total", "Sub-Total", "33.8253", 1), ("shipping", "Flat Shipping Rate", "4.1322", 3),
            ("coupon", "Coupon (IPOD)", "-0.9156", 4), ("tax", "BTW 21%", "6.0483", 5), ("tax", "BTW 9%", "0.7416", 5),
            ("total", "Total", "43.8318", 9),
        ], total: "43.8318")
        let booking = try Self.book(order)
        #expect(booking.problems.isEmpty)
        #expect(nets(booking.document, .discount) == [900: [Cents(-92)]])
        #expect(vat(booking.document, 2100)! == (Cents(2880), Cents(605)))
        #expect(vat(booking.document, 900)! == (Cents(824), Cents(74)))
        #expect(booking.document.grossTotal == Cents(4383))
        #expect(booking.document.rounding == .zero)
    }

    @Test func fixedCouponProRata() throws {
        // €10 off the cart: 10 × 24.6693 / 33.8253 = 7.29315 at 21 %, 2.70685 at 9 %.
        let order = try Self.order(totals: [
            ("sub_total", "Sub-Total", "33.8253", 1), ("shipping", "Flat Shipping Rate", "4.1322", 3),
            ("coupon", "Coupon (TIEN)", "-10.0000", 4), ("tax", "BTW 21%", "4.5168", 5), ("tax", "BTW 9%", "0.5804", 5),
            ("total", "Total", "33.0547", 9),
        ], total: "33.0547")
        let booking = try Self.book(order)
        #expect(booking.problems.isEmpty)
        #expect(nets(booking.document, .discount) == [2100: [Cents(-729)], 900: [Cents(-271)]])
        #expect(vat(booking.document, 2100)! == (Cents(2151), Cents(452)))
        #expect(vat(booking.document, 900)! == (Cents(645), Cents(58)))
        // 21.51 + 4.52 + 6.45 + 0.58 = 33.06 against 33.05 paid: a −0.01 rounding line.
        #expect(booking.document.grossTotal == Cents(3305))
        #expect(booking.document.rounding == Cents(-1))
    }

    @Test func freeShippingCoupon() throws {
        let order = try Self.order(totals: [
            ("sub_total", "Sub-Total", "33.8253", 1), ("shipping", "Flat Shipping Rate", "4.1322", 3),
            ("coupon", "Coupon (GRATIS)", "-4.1322", 4), ("tax", "BTW 21%", "5.1806", 5), ("tax", "BTW 9%", "0.8240", 5),
            ("total", "Total", "39.8299", 9),
        ], total: "39.8299")
        let booking = try Self.book(order)
        #expect(booking.problems.isEmpty)
        // The coupon takes the shipping away at the shipping's rate, nothing off the products.
        #expect(nets(booking.document, .discount) == [2100: [Cents(-413)]])
        #expect(nets(booking.document, .shipping) == [2100: [Cents(413)]])
        #expect(vat(booking.document, 2100)! == (Cents(2467), Cents(518)))
        #expect(vat(booking.document, 900)! == (Cents(916), Cents(82)))
        #expect(booking.document.grossTotal == Cents(3983))
    }

    @Test func hundredPercentCouponGivesZero() throws {
        var order = try Self.order(totals: [
            ("sub_total", "Sub-Total", "33.8253", 1), ("coupon", "Coupon (ALLES)", "-33.8253", 4), ("total", "Total", "0.0000", 9),
        ], total: "0.0000")
        order.shippingMethod = nil
        let booking = try Self.book(order)
        let document = booking.document
        #expect(booking.problems.isEmpty)
        #expect(document.grossTotal == .zero)
        #expect(nets(document, .product) == [2100: [Cents(2467)], 900: [Cents(916)]])
        #expect(nets(document, .discount) == [2100: [Cents(-2467)], 900: [Cents(-916)]])
        #expect(document.vatTotals.map(\.vat) == [.zero, .zero])
        #expect(document.vatTotals.map(\.netBase) == [.zero, .zero])
        #expect(BookingPrechecks.totals(document).isEmpty)
    }

    @Test func rewardPoints() throws {
        let order = try Self.order("opencart3-order-4.json", totals: [
            ("sub_total", "Sub-Total", "21.0242", 1), ("reward", "Reward Points (100)", "-1.0000", 2),
            ("shipping", "Flat Shipping Rate", "4.1322", 3), ("tax", "BTW 21%", "4.1572", 5), ("tax", "BTW 9%", "0.3924", 5),
            ("total", "Total", "28.7060", 9),
        ], total: "28.7060")
        let booking = try Self.book(order)
        #expect(booking.problems.isEmpty)
        #expect(nets(booking.document, .discount) == [2100: [Cents(-78)], 900: [Cents(-22)]])
        #expect(vat(booking.document, 2100)! == (Cents(1980), Cents(416)))
        #expect(vat(booking.document, 900)! == (Cents(436), Cents(39)))
        #expect(booking.document.grossTotal == Cents(2871))
        #expect(booking.document.rounding == .zero)
    }

    static let order4Rows: [(String, String, String, Int64)] = [
        ("sub_total", "Sub-Total", "21.0242", 1), ("shipping", "Flat Shipping Rate", "4.1322", 3),
        ("tax", "BTW 21%", "4.3215", 5), ("tax", "BTW 9%", "0.4120", 5),
    ]

    @Test func voucherAndStoreCreditArePayments() throws {
        let order = try Self.order("opencart3-order-4.json", totals: Self.order4Rows + [
            ("credit", "Store Credit", "-5.0000", 7), ("voucher", "Gift Certificate (KADO)", "-10.0000", 8),
            ("total", "Total", "14.8899", 9),
        ], total: "14.8899")
        let booking = try Self.book(order)
        let document = booking.document
        #expect(booking.problems.isEmpty)
        #expect(document.payments.map(\.kind) == [.storeCredit, .giftVoucher])
        #expect(document.payments.map(\.amount) == [Cents(-500), Cents(-1000)])
        #expect(!document.lines.contains { $0.kind == .discount })
        // VAT is untouched by payments: 4.32 and 0.41 as without them.
        #expect(document.vatTotals.map(\.vat).sum() == Cents(473))
        #expect(document.netTotal + document.vatTotal == Cents(2989))
        #expect(document.grossTotal == Cents(1489))
    }

    @Test func soldGiftVoucherIsALiability() throws {
        var order = try Self.order("opencart3-order-4.json", totals: [
            ("sub_total", "Sub-Total", "46.0242", 1), ("shipping", "Flat Shipping Rate", "4.1322", 3),
            ("tax", "BTW 21%", "4.3215", 5), ("tax", "BTW 9%", "0.4120", 5), ("total", "Total", "54.8899", 9),
        ], total: "54.8899")
        order.vouchers = [PushedVoucher(code: "KADO25", description: "€25 Gift Certificate for Els", amount: "25.0000")]
        let booking = try Self.book(order)
        #expect(booking.problems.isEmpty)
        let voucher = try #require(booking.document.lines.first { $0.kind == .giftVoucher })
        #expect(voucher.net == Cents(2500) && voucher.vat == .zero && voucher.rate == .outOfScope)
        #expect(booking.document.vatTotals.map(\.netBase).sum() == Cents(2516))
        #expect(booking.document.grossTotal == Cents(5489))
    }

    @Test func thirdPartyFeeIsReported() throws {
        let order = try Self.order("opencart3-order-4.json", totals: Self.order4Rows + [
            ("klarna_fee", "Klarna fee", "1.5000", 6), ("total", "Total", "31.3899", 9),
        ], total: "31.3899")
        let booking = try Self.book(order)
        #expect(booking.problems.map(\.code) == [.unknownTotalRow])
        #expect(!booking.problems.blocksBooking)
        let fee = try #require(booking.document.lines.first { $0.kind == .fee })
        #expect(fee.net == Cents(150) && fee.vat == .zero && fee.rate == VATRate(basisPoints: 0, kind: .zero))
        #expect(booking.document.grossTotal == Cents(3139))
        #expect(BookingPrechecks.totals(booking.document).isEmpty)
    }

    @Test func taxedHandlingFeeTakesItsRateFromTheTaxRows() throws {
        // Handling 2.00 at 21 %: the 21 % row grows by 0.42 (4.3215 + 0.4200).
        let order = try Self.order("opencart3-order-4.json", totals: [
            ("sub_total", "Sub-Total", "21.0242", 1), ("shipping", "Flat Shipping Rate", "4.1322", 3),
            ("handling", "Handling Fee", "2.0000", 4), ("tax", "BTW 21%", "4.7415", 5), ("tax", "BTW 9%", "0.4120", 5),
            ("total", "Total", "32.3099", 9),
        ], total: "32.3099")
        let booking = try Self.book(order)
        #expect(booking.problems.isEmpty)
        #expect(nets(booking.document, .fee) == [2100: [Cents(200)]])
        #expect(booking.document.grossTotal == Cents(3231))
    }

    @Test func oneCentDisplayDifferenceBecomesARoundingLine() throws {
        // Order 1 is such a case (40.84 of parts, 40.85 paid); a tolerance of 0 reports it.
        let booking = try Self.book(try Fixtures.order("opencart3-order-1.json"))
        #expect(booking.document.lines.last?.kind == .rounding)
        #expect(booking.document.lines.last?.net == Cents(1))
        let strict = OpenCartBookingOptions(vatNumberCustomFieldID: 1, roundingTolerance: .zero)
        let problems = OpenCartPrechecks.run(booking, options: strict, mapping: Self.mapping)
        #expect(problems.map(\.code) == [.roundingBeyondTolerance])
        #expect(OpenCartPrechecks.run(booking, options: Self.options, mapping: Self.mapping).isEmpty)
    }

    @Test func differenceBeyondToleranceIsAProblem() throws {
        // The total is 0.05 more than the rows: not a rounding difference.
        let order = try Self.order("opencart3-order-4.json", totals: Self.order4Rows + [("total", "Total", "29.9399", 9)], total: "29.9399")
        let booking = try Self.book(order)
        #expect(booking.problems.map(\.code) == [.totalRowsMismatch, .totalRowsMismatch])
        #expect(booking.document.rounding == Cents(5))
        let problems = OpenCartPrechecks.run(booking, options: Self.options, mapping: Self.mapping)
        #expect(problems.map(\.code).contains(.roundingBeyondTolerance))
        #expect(problems.blocksBooking)
    }

    @Test func foreignCurrencyIsRefused() throws {
        var order = try Fixtures.order("opencart3-order-4.json")
        order.currency = PushedCurrency(code: "USD", value: "1.27453480")
        let booking = try Self.book(order)
        // 29.8899 × 1.2745348 = 38.0958… → $38.10.
        #expect(booking.document.foreignCurrency?.paid == Cents(3810))
        #expect(booking.document.currency == "EUR")
        let problems = OpenCartPrechecks.run(booking, options: Self.options, mapping: Self.mapping)
        #expect(problems.map(\.code) == [.foreignCurrency])
        // A shop whose own currency is not the administration's is refused as well.
        let usd = OpenCartBookingOptions(vatNumberCustomFieldID: 1, administrationCurrency: "USD")
        let eurOrder = try Self.book(try Fixtures.order("opencart3-order-4.json"))
        #expect(OpenCartPrechecks.run(eurOrder, options: usd, mapping: Self.mapping).map(\.code).contains(.foreignCurrency))
    }

    @Test func statusZeroIsNeverBookable() throws {
        var order = try Fixtures.order("opencart3-order-4.json")
        order.orderStatusID = 0
        let booking = try Self.book(order)
        #expect(booking.problems.map(\.code) == [.unbookableStatus])
        #expect(booking.problems.blocksBooking)
    }

    /// A Belgian company, no VAT charged (its customer group has no tax rates).
    static func icpOrder(vatNumber: String?, country: String = "BE", countryName: String = "Belgium") throws -> PushedOrder {
        var order = try Self.order(totals: [
            ("sub_total", "Sub-Total", "33.8253", 1), ("shipping", "Flat Shipping Rate", "4.1322", 3), ("total", "Total", "37.9575", 9),
        ], total: "37.9575")
        order.customer.customerGroupID = 2
        order.customer.customField = vatNumber.map { ["1": .text($0)] }
        for index in order.products.indices { order.products[index].tax = "0.0000" }
        order.paymentAddress?.isoCode2 = country
        order.paymentAddress?.country = countryName
        order.shippingAddress?.isoCode2 = country
        return order
    }

    @Test func icpWithValidVATNumber() throws {
        let booking = try Self.book(try Self.icpOrder(vatNumber: "be 0411.905.847"))
        let document = booking.document
        #expect(document.isICP && !document.isExport)
        #expect(document.customer.vatNumber == "BE0411905847")
        #expect(document.vatTotals == [VATTotal(rate: VATRate(basisPoints: 0, kind: .icp), netBase: Cents(3796), vat: .zero)])
        #expect(document.lines.allSatisfy { $0.rate.kind == .icp })
        #expect(document.grossTotal == Cents(3796))
        #expect(OpenCartPrechecks.run(booking, options: Self.options, mapping: Self.mapping).isEmpty)
    }

    @Test func icpWithInvalidOrMissingVATNumber() throws {
        let wrong = try Self.book(try Self.icpOrder(vatNumber: "BE0411905848"))
        #expect(OpenCartPrechecks.run(wrong, options: Self.options, mapping: Self.mapping).map(\.code) == [.invalidVATNumberChecksum])
        let german = try Self.book(try Self.icpOrder(vatNumber: "DE136695977", country: "DE", countryName: "Germany"))
        #expect(OpenCartPrechecks.run(german, options: Self.options, mapping: Self.mapping).map(\.code) == [.invalidVATNumberChecksum])
        // Without a VAT number a 0 % sale into another member state is held, never booked on the
        // shop country's 0 % code.
        let none = try Self.book(try Self.icpOrder(vatNumber: nil))
        #expect(none.document.isICP)
        #expect(none.document.vatTotals.first?.rate.kind == .icp)
        #expect(OpenCartPrechecks.run(none, options: Self.options, mapping: Self.mapping).map(\.code) == [.missingVATNumber])
    }

    @Test func exportOutsideTheEU() throws {
        let booking = try Self.book(try Self.icpOrder(vatNumber: nil, country: "US", countryName: "United States"))
        #expect(booking.document.isExport && !booking.document.isICP)
        #expect(booking.document.vatTotals.map(\.rate) == [VATRate(basisPoints: 0, kind: .export)])
        #expect(OpenCartPrechecks.run(booking, options: Self.options, mapping: Self.mapping).isEmpty)
    }

    @Test func unmappedRatesAreReported() throws {
        let booking = try Self.book(try Fixtures.order("opencart3-order-1.json"))
        var mapping = VATMapping.defaults()
        mapping.set(.country("NL"), basisPoints: 2100, vatCode: "1", revenueAccount: "8000")
        mapping.accounts.rounding = "8990"
        let problems = OpenCartPrechecks.run(booking, options: Self.options, mapping: mapping)
        #expect(problems.map(\.code) == [.unmappedVATRate])
        #expect(problems.first?.message.contains("9%") == true)
    }

    static var mapping: VATMapping {
        var mapping = VATMapping.defaults()
        mapping.set(.country("NL"), basisPoints: 2100, vatCode: "1", revenueAccount: "8000")
        mapping.set(.country("NL"), basisPoints: 900, vatCode: "2", revenueAccount: "8010")
        mapping.set(.country("NL"), basisPoints: 0, vatCode: "0", revenueAccount: "8020")
        mapping.set(.icp, basisPoints: 0, vatCode: "ICP", revenueAccount: "8100")
        mapping.set(.international, basisPoints: 0, vatCode: "EXP", revenueAccount: "8200")
        mapping.accounts = VATMapping.Accounts(giftVoucherLiability: "1600", storeCreditLiability: "1610", rounding: "8990", levy: "8500")
        return mapping
    }
}
