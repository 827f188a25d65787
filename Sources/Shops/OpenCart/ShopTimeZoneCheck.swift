import Foundation

extension ShopSettings.StoreInfo {
    /// The civil time zone of the countries koppel books for, by ISO code.
    static let countryTimeZones = ["NL": "Europe/Amsterdam", "BE": "Europe/Brussels"]

    /// A warning when the shop keeps its clock in another time zone than its country's.
    ///
    /// OpenCart writes `date_added` in `config_timezone` (see `OpenCartDocumentBuilder.orderDate`),
    /// and both installers leave it at `UTC`. A Dutch shop left there dates an order placed at
    /// 00:30 on 1 April on 31 March: in the previous VAT quarter, as its own invoice shows. koppel
    /// books OpenCart's day, so the owner should set the zone (System › Settings › Local).
    /// Zones are compared by their offsets in January and July of `year`, so `Europe/Berlin`
    /// passes for NL and `UTC` or `Europe/London` does not. The country is the one koppel books
    /// VAT for, not OpenCart's `config_country_id`, which installers leave on the United Kingdom.
    public func timeZoneWarning(shopCountry: String, year: Int) -> String? {
        guard let expectedName = Self.countryTimeZones[shopCountry.uppercased()], let expected = TimeZone(identifier: expectedName) else { return nil }
        let name = timezone.flatMap { $0.isEmpty ? nil : $0 } ?? "UTC"
        guard let zone = TimeZone(identifier: name) else { return nil }  // refused at push time already
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let samples = [1, 7].compactMap { calendar.date(from: DateComponents(year: year, month: $0, day: 15, hour: 12)) }
        guard samples.contains(where: { zone.secondsFromGMT(for: $0) != expected.secondsFromGMT(for: $0) }) else { return nil }
        return "the shop's time zone is \(name), not \(expectedName): orders placed around midnight get the day of "
            + "\(name) as their VAT date (set System › Settings › Local › Time zone in OpenCart)"
    }
}
