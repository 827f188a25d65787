/// The customer data the reconciler compares: name, e-mail, address, country, VAT number.
public struct CustomerFields: Sendable, Equatable {
    /// Company, or first and last name.
    public var name: String
    public var email: String
    public var street: String
    public var postcode: String
    public var city: String
    public var country: String
    public var vatNumber: String

    public init(name: String, email: String, street: String, postcode: String, city: String, country: String, vatNumber: String) {
        self.name = name
        self.email = email
        self.street = street
        self.postcode = postcode
        self.city = city
        self.country = country
        self.vatNumber = vatNumber
    }

    public init(_ customer: BookingCustomer) {
        self.init(
            name: customer.displayName, email: customer.email, street: customer.street, postcode: customer.postcode,
            city: customer.city, country: customer.countryCode, vatNumber: customer.vatNumber ?? "")
    }

    /// Each field with its name in reports, in report order.
    public var named: [(field: String, value: String)] {
        [("name", name), ("email", email), ("street", street), ("postcode", postcode), ("city", city), ("country", country),
         ("vat_number", vatNumber)]
    }
}

extension CustomerFields {
    /// The form two values are compared in, so that only real differences count: case, runs of
    /// spaces, spaces inside postcodes and VAT numbers, and country names are not differences.
    public static func normalised(_ value: String, field: String) -> String {
        let words = value.split(whereSeparator: \.isWhitespace).joined(separator: " ").lowercased()
        switch field {
        case "postcode", "vat_number":
            return words.filter { $0 != " " && $0 != "." && $0 != "-" }
        case "country":
            return countryCodes[words] ?? words
        default:
            return words
        }
    }

    /// Country names ledgers and shops write instead of ISO codes, lower case → lower-case code.
    static let countryCodes: [String: String] = [
        "nederland": "nl", "netherlands": "nl", "the netherlands": "nl", "nld": "nl",
        "belgië": "be", "belgie": "be", "belgium": "be", "bel": "be",
        "duitsland": "de", "germany": "de", "deutschland": "de", "deu": "de",
        "frankrijk": "fr", "france": "fr", "fra": "fr",
        "luxemburg": "lu", "luxembourg": "lu", "lux": "lu",
        "verenigd koninkrijk": "gb", "united kingdom": "gb", "uk": "gb", "gbr": "gb",
        "oostenrijk": "at", "austria": "at", "aut": "at",
        "spanje": "es", "spain": "es", "esp": "es",
        "italië": "it", "italie": "it", "italy": "it", "ita": "it",
    ]
}
