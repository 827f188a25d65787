import KoppelCore

extension MijnwebwinkelDocumentBuilder {
    /// The invoice address's country, the delivery country when it has none, else the shop's.
    var customerCountry: String {
        let code = order.debtor.invoiceAddress.countryCode ?? order.deliveryAddress?.countryCode ?? order.shippingCountryCode ?? ""
        return code.isEmpty ? options.shopCountry : code.uppercased()
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
