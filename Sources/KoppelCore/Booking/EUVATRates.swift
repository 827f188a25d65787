/// The default VAT rates of every EU member state, the starting point of a connection's VAT
/// mapping (the shop owner edits them per connection).
///
/// Generated once from ibericode/vat-rates (`vat-rates.json`, the entry in force on 2026-11-23 for
/// each country) and embedded as data: koppel never reads that file at run time. Rates are basis
/// points (2100 = 21 %); `reduced` holds every non-standard rate (reduced, super-reduced, parking,
/// press), highest first. Countries are ISO 3166 codes (Greece is GR here, EL in VIES).
public enum EUVATRates {
    public struct Country: Sendable, Equatable, Codable {
        public var isoCode: String
        public var effectiveFrom: String
        public var standard: Int
        public var reduced: [Int]
    }

    public static let countries: [Country] = [
        Country(isoCode: "AT", effectiveFrom: "2016-01-01", standard: 2000, reduced: [1300, 1000]),
        Country(isoCode: "BE", effectiveFrom: "0000-01-01", standard: 2100, reduced: [1200, 600]),
        Country(isoCode: "BG", effectiveFrom: "0000-01-01", standard: 2000, reduced: [900]),
        Country(isoCode: "CY", effectiveFrom: "0000-01-01", standard: 1900, reduced: [900, 500]),
        Country(isoCode: "CZ", effectiveFrom: "2024-01-01", standard: 2100, reduced: [1200]),
        Country(isoCode: "DE", effectiveFrom: "2021-01-01", standard: 1900, reduced: [700]),
        Country(isoCode: "DK", effectiveFrom: "0000-01-01", standard: 2500, reduced: []),
        Country(isoCode: "EE", effectiveFrom: "2025-07-01", standard: 2400, reduced: [1300, 900]),
        Country(isoCode: "GR", effectiveFrom: "2016-06-01", standard: 2400, reduced: [1300, 600]),
        Country(isoCode: "ES", effectiveFrom: "0000-01-01", standard: 2100, reduced: [1000, 400]),
        Country(isoCode: "FI", effectiveFrom: "2024-09-01", standard: 2550, reduced: [1400, 1000]),
        Country(isoCode: "FR", effectiveFrom: "2014-01-01", standard: 2000, reduced: [1000, 550, 210]),
        Country(isoCode: "HR", effectiveFrom: "0000-01-01", standard: 2500, reduced: [1300, 500]),
        Country(isoCode: "HU", effectiveFrom: "0000-01-01", standard: 2700, reduced: [1800, 500]),
        Country(isoCode: "IE", effectiveFrom: "2021-03-01", standard: 2300, reduced: [1350, 900, 480]),
        Country(isoCode: "IT", effectiveFrom: "0000-01-01", standard: 2200, reduced: [1000, 500, 400]),
        Country(isoCode: "LT", effectiveFrom: "0000-01-01", standard: 2100, reduced: [900, 500]),
        Country(isoCode: "LU", effectiveFrom: "2024-01-01", standard: 1700, reduced: [1400, 800, 300]),
        Country(isoCode: "LV", effectiveFrom: "0000-01-01", standard: 2100, reduced: [1200, 500]),
        Country(isoCode: "MT", effectiveFrom: "0000-01-01", standard: 1800, reduced: [700, 500]),
        Country(isoCode: "NL", effectiveFrom: "2019-01-01", standard: 2100, reduced: [900]),
        Country(isoCode: "PL", effectiveFrom: "0000-01-01", standard: 2300, reduced: [800, 500]),
        Country(isoCode: "PT", effectiveFrom: "0000-01-01", standard: 2300, reduced: [1300, 600]),
        Country(isoCode: "RO", effectiveFrom: "2025-08-01", standard: 2100, reduced: [1100]),
        Country(isoCode: "SE", effectiveFrom: "0000-01-01", standard: 2500, reduced: [1200, 600]),
        Country(isoCode: "SI", effectiveFrom: "0000-01-01", standard: 2200, reduced: [950, 500]),
        Country(isoCode: "SK", effectiveFrom: "2025-01-01", standard: 2300, reduced: [1900, 500]),
    ]

    /// The member states' ISO codes.
    public static let memberStates: Set<String> = Set(countries.map(\.isoCode))

    /// The rates of one member state; `GR` and `EL` both find Greece.
    public static func country(_ isoCode: String) -> Country? {
        let code = isoCode.uppercased() == "EL" ? "GR" : isoCode.uppercased()
        return countries.first { $0.isoCode == code }
    }

    /// Whether the country (ISO code, or `EL` for Greece) is an EU member state.
    public static func isMemberState(_ isoCode: String) -> Bool {
        country(isoCode) != nil
    }
}
