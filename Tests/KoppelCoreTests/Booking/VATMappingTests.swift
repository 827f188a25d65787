import KoppelCore
import Testing

struct VATMappingTests {
    @Test func everyMemberStateHasItsRates() {
        let codes = "AT BE BG CY CZ DE DK EE GR ES FI FR HR HU IE IT LT LU LV MT NL PL PT RO SE SI SK".split(separator: " ")
        #expect(EUVATRates.countries.count == 27)
        for code in codes {
            let country = EUVATRates.country(String(code))
            #expect(country != nil, "\(code)")
            #expect((country?.standard ?? 0) >= 1700, "\(code)")
        }
        #expect(EUVATRates.country("NL")?.standard == 2100 && EUVATRates.country("NL")?.reduced == [900])
        #expect(EUVATRates.country("DE")?.standard == 1900 && EUVATRates.country("DE")?.reduced == [700])
        #expect(EUVATRates.country("FI")?.standard == 2550)
        #expect(EUVATRates.country("EE")?.standard == 2400)
        #expect(EUVATRates.country("RO")?.reduced == [1100])
        #expect(EUVATRates.country("EL")?.isoCode == "GR")
        #expect(!EUVATRates.isMemberState("GB") && !EUVATRates.isMemberState("CH"))
    }

    @Test func defaultsListEveryCountryPlusICPAndInternational() {
        let mapping = VATMapping.defaults()
        let rates = EUVATRates.countries.reduce(0) { $0 + 1 + $1.reduced.count }
        #expect(mapping.entries.count == rates + 1 + 2)  // + NL 0 %, ICP, International
        #expect(mapping.entries.contains { $0.scope == .country("DE") && $0.basisPoints == 1900 })
        #expect(mapping.entries.contains { $0.scope == .icp })
        #expect(mapping.entries.contains { $0.scope == .international })
        #expect(!mapping.entries.contains { $0.isConfigured })
    }

    static let document = BookingDocument(
        reference: "9", orderDate: "2026-11-22", currency: "EUR",
        customer: BookingCustomer(firstName: "Jan", lastName: "Jansen", email: "jan@example.nl"),
        lines: [
            BookingLine(description: "Boek", net: Cents(1000), rate: VATRate(basisPoints: 900, kind: .reduced), vat: Cents(90), kind: .product),
            BookingLine(description: "Bier", net: Cents(1000), rate: VATRate(basisPoints: 1900, kind: .oss(country: "DE")), vat: Cents(190), kind: .product),
            BookingLine(description: "Rounding difference", net: Cents(1), rate: .outOfScope, vat: .zero, kind: .rounding),
        ],
        vatTotals: [
            VATTotal(rate: VATRate(basisPoints: 900, kind: .reduced), netBase: Cents(1000), vat: Cents(90)),
            VATTotal(rate: VATRate(basisPoints: 1900, kind: .oss(country: "DE")), netBase: Cents(1000), vat: Cents(190)),
        ],
        payments: [BookingPayment(kind: .giftVoucher, description: "Gift Certificate (X)", amount: Cents(-500))],
        grossTotal: Cents(1781))

    @Test func resolvesAndReportsWhatIsMissing() {
        var mapping = VATMapping.defaults()
        mapping.set(.country("NL"), basisPoints: 900, vatCode: "2", revenueAccount: "8010")
        let (resolved, problems) = mapping.resolve(Self.document)
        #expect(resolved.lines[0].ledgerVATCode == "2" && resolved.lines[0].ledgerAccount == "8010")
        #expect(resolved.vatTotals[0].ledgerVATCode == "2")
        #expect(resolved.lines[1].ledgerVATCode == nil)
        #expect(problems.map(\.code) == [.unmappedVATRate, .unmappedAccount, .unmappedAccount])
        #expect(problems[0].message.contains("19%") && problems[0].message.contains("DE"))

        mapping.set(.country("DE"), basisPoints: 1900, vatCode: "OSS-DE", revenueAccount: "8400")
        mapping.accounts = VATMapping.Accounts(giftVoucherLiability: "1600", storeCreditLiability: "1610", rounding: "8990", levy: "8500")
        let (complete, none) = mapping.resolve(Self.document)
        #expect(none.isEmpty)
        #expect(complete.lines[1].ledgerVATCode == "OSS-DE")
        #expect(complete.lines[2].ledgerAccount == "8990")
        #expect(complete.payments[0].ledgerAccount == "1600")
    }

    @Test func totalsPrecheck() {
        #expect(BookingPrechecks.totals(Self.document).isEmpty)
        var broken = Self.document
        broken.grossTotal = Cents(1791)
        #expect(BookingPrechecks.totals(broken).map(\.code) == [.totalsMismatch])
        var wide = Self.document
        wide.lines[2].net = Cents(5)
        wide.grossTotal = Cents(1785)
        #expect(BookingPrechecks.totals(wide).map(\.code) == [.roundingBeyondTolerance])
        #expect(BookingPrechecks.totals(wide, roundingTolerance: Cents(5)).isEmpty)
        var stray = Self.document
        stray.lines[0].vat = Cents(91)
        stray.grossTotal = Cents(1782)
        #expect(BookingPrechecks.totals(stray).map(\.code) == [.vatMismatch, .vatMismatch])
    }

    @Test func currencyPrecheck() {
        #expect(BookingPrechecks.currency(Self.document, administrationCurrency: "EUR").isEmpty)
        #expect(BookingPrechecks.currency(Self.document, administrationCurrency: "USD").map(\.code) == [.foreignCurrency])
    }

    @Test func icpPrecheck() {
        var icp = Self.document
        icp.isICP = true
        icp.customer = BookingCustomer(firstName: "An", lastName: "Peeters", company: "Peeters BV", email: "an@example.be", countryCode: "BE")
        #expect(BookingPrechecks.icp(icp).map(\.code) == [.missingVATNumber])
        icp.customer.vatNumber = "BE0411905847"
        #expect(BookingPrechecks.icp(icp).isEmpty)
        icp.customer.vatNumber = "BE0411905848"
        #expect(BookingPrechecks.icp(icp).map(\.code) == [.invalidVATNumberChecksum])
        icp.customer.vatNumber = "NL004495445B01"
        #expect(BookingPrechecks.icp(icp).map(\.code) == [.vatNumberCountryMismatch])
        #expect(icp.customer.displayName == "Peeters BV")
    }
}
