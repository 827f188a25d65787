import KoppelCore

extension PushedOrder {
    /// The neutral booking document of this order, following the booking recipe of the OpenCart
    /// notes (§4.2): the `order_total` rows are the authority for shipping, discounts, VAT,
    /// payments and the total; product lines give the split per rate.
    ///
    /// Amounts stay exact (four decimals, the shop's own) until one rounding step to cents,
    /// described in `OpenCartDocumentBuilder.round`.
    public func booking(settings: ShopSettings, options: OpenCartBookingOptions = OpenCartBookingOptions()) -> OpenCartBooking {
        var builder = OpenCartDocumentBuilder(order: self, settings: settings, options: options)
        return builder.build()
    }
}

/// One booking-relevant amount before rounding.
struct ExactPart {
    var description: String
    var quantity: Int64
    var kind: BookingLine.Kind
    var net: Amount
    /// Percentage in basis points; nil while a shipping or fee row's rate is still unknown, and
    /// for lines outside VAT.
    var basisPoints: Int?
    var outOfScope: Bool = false
}

struct OpenCartDocumentBuilder {
    let order: PushedOrder
    let settings: ShopSettings
    let options: OpenCartBookingOptions
    let table: OpenCartTaxTable
    var problems: [BookingProblem] = []

    init(order: PushedOrder, settings: ShopSettings, options: OpenCartBookingOptions) {
        self.order = order
        self.settings = settings
        self.options = options
        self.table = OpenCartTaxTable(settings: settings, shopCountry: options.shopCountry)
    }

    mutating func amount(_ text: String, _ field: String) -> Amount {
        if let value = try? Amount(parsing: text) { return value }
        problems.append(BookingProblem(
            .invalidAmount, "The order's \(field) is not an amount: \"\(text)\".",
            hint: "Check the order in the shop and push it again; report the problem if it stays."))
        return .zero
    }

    // MARK: Customer

    /// The address booking uses: the payment address, or the shipping address when OpenCart
    /// 4.0.2+ kept no payment address (its default).
    var address: PushedAddress? {
        if let payment = order.paymentAddress, !payment.isoCode2.isEmpty || !payment.address1.isEmpty { return payment }
        return order.shippingAddress ?? order.paymentAddress
    }

    var customerCountry: String {
        let code = address?.isoCode2.uppercased() ?? ""
        return code.isEmpty ? options.shopCountry : code
    }

    /// The VAT number from the chosen custom field: account fields first, then the address's.
    var vatNumber: String? {
        guard let id = options.vatNumberCustomFieldID ?? settings.vatCustomFieldID else { return nil }
        let key = String(id)
        for fields in [order.customer.customField, order.paymentAddress?.customField, order.shippingAddress?.customField] {
            if case .text(let text)? = fields?[key] {
                let number = VATNumber.normalise(text)
                if !number.isEmpty { return number }
            }
        }
        return nil
    }

    var customer: BookingCustomer {
        let address = address
        // OpenCart 4.0.2.3 API orders can leave the address's name empty: the order's own names
        // are then the customer's.
        let useOrderName = (address?.firstname ?? "").isEmpty && (address?.lastname ?? "").isEmpty
        let street = [address?.address1 ?? "", address?.address2 ?? ""].filter { !$0.isEmpty }.joined(separator: " ")
        return BookingCustomer(
            firstName: useOrderName ? order.customer.firstname : address!.firstname,
            lastName: useOrderName ? order.customer.lastname : address!.lastname,
            company: address?.company, email: order.customer.email, phone: order.customer.telephone,
            street: street, postcode: address?.postcode ?? "", city: address?.city ?? "",
            countryCode: customerCountry, vatNumber: vatNumber.map { VATNumber.withPrefix($0, country: customerCountry) })
    }
}
