import Foundation
import KoppelCore
import Testing

@testable import OpenCart

/// A rate whose geo zone holds other member states but not the shop's: the kind of VAT it is
/// depends on whether the customer's country has that percentage at all.
struct DistanceSaleTests {
    func table() throws -> OpenCartTaxTable {
        var settings = try Fixtures.settings("opencart3-settings.json")
        let zones = ["FR", "DE", "BE"].enumerated().map { index, code in
            ShopSettings.GeoZone.Zone(countryID: Int64(900 + index), isoCode2: code, zoneID: 0)
        }
        settings.geoZones.append(ShopSettings.GeoZone(geoZoneID: 77, name: "EU zonder NL", zones: zones))
        return OpenCartTaxTable(settings: settings, shopCountry: "NL")
    }

    func rate(_ basisPoints: Int) -> OpenCartTaxTable.Rate {
        OpenCartTaxTable.Rate(id: 1, name: "BTW (EU)", basisPoints: basisPoints, fixed: .zero, geoZoneID: 77)
    }

    @Test func theShopCountrysRateToAConsumerWhoseCountryLacksItIsADistanceSaleAtHome() throws {
        let table = try table()
        // France has no 21 % and no 9 %: Dutch VAT, declared in the Netherlands.
        #expect(table.kind(basisPoints: 2100, rate: rate(2100), customerCountry: "FR") == .standard)
        #expect(table.kind(basisPoints: 900, rate: rate(900), customerCountry: "FR") == .reduced)
        // France's own 20 % is OSS; so is Germany's 19 %.
        #expect(table.kind(basisPoints: 2000, rate: rate(2000), customerCountry: "FR") == .oss(country: "FR"))
        #expect(table.kind(basisPoints: 1900, rate: rate(1900), customerCountry: "DE") == .oss(country: "DE"))
        // Belgium has 21 % too: the rate says nothing more, so it stays Belgium's (OSS).
        #expect(table.kind(basisPoints: 2100, rate: rate(2100), customerCountry: "BE") == .oss(country: "BE"))
    }
}
