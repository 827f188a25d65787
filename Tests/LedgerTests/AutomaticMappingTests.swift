import Booking
import KoppelCore
import Ledger
import Testing

/// `koppel ledger map`'s first mapping: codes chosen by what they are, not by percentage alone.
struct AutomaticMappingTests {
    /// A Dutch administration's sales codes, the ICP code listed before the domestic 0%.
    static let codes: [LedgerReferenceData.Entry] = [
        .init(id: "icp", name: "Binnen EU (ICP) 0%", detail: "0.0"),
        .init(id: "verlegd", name: "Btw verlegd", detail: "0.0"),
        .init(id: "nl21", name: "21% btw", detail: "21.0"),
        .init(id: "nl9", name: "9% btw", detail: "9.0"),
        .init(id: "export", name: "Buiten EU 0%", detail: "0.0"),
        .init(id: "nl0", name: "0% btw", detail: "0.0"),
        .init(id: "de19", name: "Duitsland 19% (OSS)", detail: "19.0", country: "DE"),
    ]
    static let revenue = LedgerReferenceData.Entry(id: "8000", name: "Omzet", detail: "8000")

    func code(_ mapping: VATMapping, _ scope: VATMapping.Scope, _ basisPoints: Int) -> String? {
        // An entry without a code holds "": unmapped.
        mapping.entries.first { $0.scope == scope && $0.basisPoints == basisPoints }.flatMap { $0.vatCode.isEmpty ? nil : $0.vatCode }
    }

    @Test func icpExportAndOSSGetTheCodesOfTheirKind() throws {
        let automatic = try #require(AutomaticMapping(from: LedgerReferenceData(vatCodes: Self.codes, revenueAccounts: [Self.revenue])))
        #expect(code(automatic.mapping, .country("NL"), 2100) == "nl21")
        #expect(code(automatic.mapping, .country("NL"), 900) == "nl9")
        #expect(code(automatic.mapping, .country("NL"), 0) == "nl0")
        #expect(code(automatic.mapping, .icp, 0) == "icp")
        #expect(code(automatic.mapping, .international, 0) == "export")
        #expect(code(automatic.mapping, .country("DE"), 1900) == "de19")
        #expect(code(automatic.mapping, .country("FR"), 2000) == nil)
        #expect(automatic.zeroRateCode == "nl0")
        #expect(automatic.unmapped.isEmpty)
    }

    @Test func liabilityAccountsAreProposedOnlyByWhatTheyAre() throws {
        let liabilities: [LedgerReferenceData.Entry] = [
            .init(id: "1600", name: "Af te dragen btw", detail: "1600"),
            .init(id: "1650", name: "Uitstaande cadeaubonnen", detail: "1650"),
            .init(id: "1660", name: "Klanttegoeden", detail: "1660"),
        ]
        let reference = LedgerReferenceData(vatCodes: Self.codes, revenueAccounts: [Self.revenue], extras: ["liability_accounts": liabilities])
        let automatic = try #require(AutomaticMapping(from: reference))
        #expect(automatic.mapping.accounts.giftVoucherLiability == "1650")
        #expect(automatic.mapping.accounts.storeCreditLiability == "1660")
        let bare = try #require(AutomaticMapping(from: LedgerReferenceData(
            vatCodes: Self.codes, revenueAccounts: [Self.revenue], extras: ["liability_accounts": [liabilities[0]]])))
        #expect(bare.mapping.accounts.giftVoucherLiability == "")
    }

    @Test func withoutAnICPCodeICPStaysUnmappedInsteadOfTakingADomesticZero() throws {
        let codes = Self.codes.filter { $0.id != "icp" && $0.id != "export" }
        let automatic = try #require(AutomaticMapping(from: LedgerReferenceData(vatCodes: codes, revenueAccounts: [Self.revenue])))
        #expect(code(automatic.mapping, .icp, 0) == nil)
        #expect(code(automatic.mapping, .international, 0) == nil)
        #expect(automatic.unmapped.contains { $0.contains("icp") })
        // An ICP order is then held for the mapping.
        let rate = VATRate(basisPoints: 0, kind: .icp)
        let document = BookingDocument(
            reference: "1", orderDate: "2026-11-22", currency: "EUR",
            customer: BookingCustomer(firstName: "A", lastName: "B", company: "Handel GmbH", email: "a@b.de", countryCode: "DE"),
            lines: [BookingLine(description: "x", net: Cents(1000), rate: rate, vat: .zero, kind: .product)],
            vatTotals: [VATTotal(rate: rate, netBase: Cents(1000), vat: .zero)], payments: [], grossTotal: Cents(1000), isICP: true)
        let (_, problems) = automatic.mapping.resolve(document)
        #expect(problems.map(\.code) == [.unmappedVATRate])
    }
}
