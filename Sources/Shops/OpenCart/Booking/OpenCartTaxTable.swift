import KoppelCore

/// The shop's tax rates as booking needs them: which rate a `tax` row title is, which rates a tax
/// class applies to an address, and what kind of VAT a rate is for the shop.
struct OpenCartTaxTable {
    let settings: ShopSettings
    let shopCountry: String

    /// A tax rate of the shop, parsed.
    struct Rate: Equatable {
        var id: Int64?
        var name: String
        /// Percentage in basis points for `P`; 0 for `F`.
        var basisPoints: Int
        /// Amount per unit for `F`; zero for `P`.
        var fixed: Amount
        var geoZoneID: Int64?
        var isFixed: Bool { fixed != .zero }
    }

    func parsed(_ rate: ShopSettings.TaxRate) -> Rate? {
        // Rates are DECIMAL(15,4): "21.0000" is 210000 ten-thousandths of a percent; basis
        // points are hundredths of a percent, so divide by 100 (exact for every real VAT rate;
        // a rate with more than two decimals is rounded half away from zero here).
        guard let value = try? Amount(parsing: rate.rate) else { return nil }
        if rate.type.uppercased() == "F" {
            return Rate(id: rate.taxRateID, name: rate.name, basisPoints: 0, fixed: value, geoZoneID: rate.geoZoneID)
        }
        let basisPoints = Int(Apportion.roundHalfAwayFromZero(Int128(value.tenThousandths), 100))
        return Rate(id: rate.taxRateID, name: rate.name, basisPoints: basisPoints, fixed: .zero, geoZoneID: rate.geoZoneID)
    }

    func countries(ofGeoZone id: Int64?) -> Set<String> {
        guard let id, let zone = settings.geoZones.first(where: { $0.geoZoneID == id }) else { return [] }
        return Set(zone.zones.map { $0.isoCode2.uppercased() })
    }

    /// The shop rate a `tax` row stands for: rows carry only the rate's name. Names need not be
    /// unique, so a rate whose geo zone holds the customer's country wins.
    func rate(forTitle title: String, customerCountry: String) -> Rate? {
        let named = settings.taxRates.filter { $0.name == title }.compactMap(parsed)
        return named.first { countries(ofGeoZone: $0.geoZoneID).contains(customerCountry) } ?? named.first
    }

    /// The rates a tax class applies to a customer in `country` of `customerGroupID`
    /// (rules whose rate's geo zone holds the country and whose rate is linked to the group).
    func rates(ofClass classID: Int64, country: String, customerGroupID: Int64) -> [Rate] {
        settings.taxRules.filter { $0.taxClassID == classID }.sorted { $0.priority < $1.priority }.compactMap { rule in
            guard let rate = settings.taxRates.first(where: { $0.taxRateID == rule.taxRateID }) else { return nil }
            let addressCountry = rule.based == "store" ? shopCountry : country
            guard countries(ofGeoZone: rate.geoZoneID).contains(addressCountry) else { return nil }
            if let groups = rate.customerGroupIDs, !groups.contains(customerGroupID) { return nil }
            return parsed(rate)
        }
    }

    /// Every percentage rate the shop has, for lines whose rate no `tax` row names (a 100 %
    /// coupon removes the row).
    var percentageRates: [Rate] {
        settings.taxRates.compactMap(parsed).filter { !$0.isFixed }
    }

    /// What kind of VAT a percentage is for this shop: the shop country's own rate when the
    /// rate's geo zone holds the shop country, another member state's under OSS, or a non-EU
    /// VAT. Without a geo zone the customer's country decides.
    func kind(basisPoints: Int, rate: Rate?, customerCountry: String) -> VATRate.Kind {
        var zone = countries(ofGeoZone: rate?.geoZoneID)
        if zone.isEmpty { zone = [customerCountry] }
        if zone.contains(shopCountry) {
            let standard = EUVATRates.country(shopCountry)?.standard
            return basisPoints == standard ? .standard : .reduced
        }
        let country = zone.count == 1 ? zone.first! : (zone.contains(customerCountry) ? customerCountry : zone.sorted().first!)
        guard EUVATRates.isMemberState(country) else { return .foreign(country: country) }
        // A percentage the customer's country does not have but the shop's does ("BTW 21% (EU)"
        // for a French consumer): a distance sale below the OSS threshold, at the shop
        // country's VAT, declared at home. Never an OSS rate the other country lacks.
        func rates(_ code: String) -> [Int] { EUVATRates.country(code).map { [$0.standard] + $0.reduced } ?? [] }
        if !rates(country).contains(basisPoints), rates(shopCountry).contains(basisPoints) {
            return basisPoints == EUVATRates.country(shopCountry)?.standard ? .standard : .reduced
        }
        return .oss(country: country)
    }
}
