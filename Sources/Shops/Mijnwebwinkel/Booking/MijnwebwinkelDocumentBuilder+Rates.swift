import KoppelCore

/// Which kind of VAT each rate of the order is: domestic, OSS, foreign, ICP, export.
extension MijnwebwinkelDocumentBuilder {
    /// The country the VAT was worked out for [SPEC `tax_region`], else the customer's.
    var taxCountry: String {
        order.taxRegion?.uppercased() ?? customerCountry
    }

    var chargesVAT: Bool { order.vatTotals.contains { !$0.vat.isZero } }

    /// B2B within the EU: `tax_strategy = reverse_charged_vat`, 0 % [SPEC guides, §1.4]. A sale into another
    /// member state without VAT can only be one too, so it needs the customer's VAT number: without one the
    /// precheck holds the order rather than booking the shop country's 0 %.
    var isICP: Bool {
        if order.taxStrategy == .reverseCharged { return true }
        return !chargesVAT && customerCountry != options.shopCountry && EUVATRates.isMemberState(customerCountry)
            && order.grossTotal > .zero
    }

    /// EU ↔ non-EU: 0 % [SPEC guides] (`tax_strategy = zero_percent`).
    var isExport: Bool { !isICP && !chargesVAT && !EUVATRates.isMemberState(customerCountry) }

    func rate(_ basisPoints: Int) -> VATRate {
        guard basisPoints != 0 else { return VATRate(basisPoints: 0, kind: isICP ? .icp : isExport ? .export : .zero) }
        let country = taxCountry
        if country == options.shopCountry {
            let standard = EUVATRates.country(country)?.standard
            return VATRate(basisPoints: basisPoints, kind: basisPoints == standard ? .standard : .reduced)
        }
        return VATRate(basisPoints: basisPoints, kind: EUVATRates.isMemberState(country) ? .oss(country: country) : .foreign(country: country))
    }
}
