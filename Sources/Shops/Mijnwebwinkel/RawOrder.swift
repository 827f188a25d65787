/// The order JSON as it comes [SPEC `Order`], loose where the live API deviates (§1.4); `MijnwebwinkelOrder`
/// is made from it by `OrderDecoding`. Read with `convertFromSnakeCase`: `country_code` is `countryCode`.
struct RawOrder: Decodable {
    var number: NumberText
    var uuid: String
    var date: String
    var time: String
    var status: NumberText
    var statusChangedDate: String?
    var statusChangedTime: String?
    var archived: Bool?
    var currency: String?
    var businessModel: String?
    var reference: String?
    var taxRegion: String?
    var taxStrategy: String?
    var creditedOrderNumber: NumberText?
    var creditOrderNumbers: [NumberText]?
    var discountcode: String?
    var paymentStatus: String?
    var payment: RawPayment?
    var debtor: RawDebtor
    var price: RawOrderPrice?
    var orderlines: [RawOrderLine]?
    var shipping: [RawShipping]?
}

struct RawPayment: Decodable {
    var gatewayName: String?
    var methodName: String?
    var status: RawPaymentStatus?
}

/// [SPEC `OrderPaymentStatus`] `{id, text}`; 1 is "Successful".
struct RawPaymentStatus: Decodable {
    var id: NumberText?
    var text: String?
}

struct RawDebtor: Decodable {
    var id: String?
    var email: String?
    // Deprecated flat fields [SPEC], read when the address lacks them.
    var name: String?
    var company: String?
    var phone: String?
    var address: RawDebtorAddresses?
}

struct RawDebtorAddresses: Decodable {
    var invoice: RawAddress?
    var delivery: ObjectOrEmptyList<RawAddress>?
}

struct RawAddress: Decodable {
    var name: String?
    var company: String?
    var street: String?
    var number: String?
    var zipcode: String?
    var city: String?
    var country: String?
    var countryCode: String?
    var phone: String?
    var taxnumber: String?
}

struct RawOrderPrice: Decodable {
    var tax: OneOrMany<RawTaxPrice>?
    var total: MoneyText?
}

struct RawTaxPrice: Decodable {
    var amount: MoneyText?
    var amountIncludingTax: MoneyText?
    var rate: MoneyText
}

struct RawOrderLine: Decodable {
    var id: String?
    var type: String
    var quantity: NumberText
    var description: String?
    var price: OneOrMany<RawTaxPrice>?
}

struct RawShipping: Decodable {
    var country: ObjectOrEmptyList<RawShippingCountry>?
}

struct RawShippingCountry: Decodable {
    var description: String?
    var isocode: String?
}
