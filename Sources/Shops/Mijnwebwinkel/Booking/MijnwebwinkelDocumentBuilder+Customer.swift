import KoppelCore

extension MijnwebwinkelDocumentBuilder {
    /// The invoice address's country, the delivery country when it has none, else the shop's.
    var customerCountry: String {
        let code = order.debtor.invoiceAddress.countryCode ?? order.deliveryAddress?.countryCode ?? order.shippingCountryCode ?? ""
        return code.isEmpty ? options.shopCountry : code.uppercased()
    }

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

    /// The debtor's invoice address [SPEC `OrderDebtor`]: the company, or the name split at its first space
    /// (Mijnwebwinkel keeps one name field; "Jan van der Berg" is first name "Jan", last name "van der Berg").
    var customer: BookingCustomer {
        let address = order.debtor.invoiceAddress
        let name = address.name ?? ""
        let first = name.split(separator: " ", maxSplits: 1).first.map(String.init) ?? ""
        let last = name.split(separator: " ", maxSplits: 1).dropFirst().first.map(String.init) ?? ""
        let street = [address.street ?? "", address.houseNumber ?? ""].filter { !$0.isEmpty }.joined(separator: " ")
        let country = customerCountry
        return BookingCustomer(
            firstName: first, lastName: last, company: address.company, email: order.debtor.email ?? "", phone: address.phone,
            street: street, postcode: address.zipcode ?? "", city: address.city ?? "", countryCode: country,
            vatNumber: order.debtor.vatNumber.map { VATNumber.withPrefix($0, country: country) })
    }
}
