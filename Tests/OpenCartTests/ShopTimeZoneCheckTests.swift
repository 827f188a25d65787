import Testing

@testable import OpenCart

@Suite struct ShopTimeZoneCheckTests {
    func store(_ timezone: String?, country: String? = nil) -> ShopSettings.StoreInfo {
        ShopSettings.StoreInfo(name: "Winkel", url: nil, currency: "EUR", timezone: timezone, countryISOCode2: country, language: nil)
    }

    @Test(arguments: ["UTC", "Etc/UTC", "Europe/London", "America/New_York", ""])
    func warnsForADutchShopOffItsCountrysClock(zone: String) throws {
        let warning = try #require(store(zone).timeZoneWarning(shopCountry: "NL", year: 2026))
        #expect(warning.contains("Europe/Amsterdam"))
    }

    @Test func aShopThatSentNoZoneRunsOnUTC() throws {
        let warning = try #require(store(nil).timeZoneWarning(shopCountry: "NL", year: 2026))
        #expect(warning.hasPrefix("the shop's time zone is UTC"))
    }

    @Test(arguments: ["Europe/Amsterdam", "Europe/Berlin", "Europe/Brussels"])
    func acceptsTheCountrysClock(zone: String) {
        #expect(store(zone).timeZoneWarning(shopCountry: "NL", year: 2026) == nil)
    }

    /// Installers leave `config_country_id` on the United Kingdom: the VAT country decides.
    @Test func theVATCountryDecidesNotOpenCartsCountry() {
        #expect(store("UTC", country: "GB").timeZoneWarning(shopCountry: "NL", year: 2026) != nil)
        #expect(store("Europe/Brussels", country: "GB").timeZoneWarning(shopCountry: "BE", year: 2026) == nil)
        #expect(store("UTC", country: "NL").timeZoneWarning(shopCountry: "FR", year: 2026) == nil)
    }
}
