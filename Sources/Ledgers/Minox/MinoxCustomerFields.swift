import KoppelCore
import Ledger

/// A new Minox customer with the fields of the manual's table ("Uitwerking op veld-niveau Minox klant"),
/// in OTW's `docs/customer.rst` shape. No `id`: the debtor number is left to Minox [Inferred; if Minox
/// requires the partner to supply it, koppel must take numbers from a range of its own].
enum MinoxCustomerFields {
    static func body(_ customer: BookingCustomer) -> LedgerJSON {
        let person = [customer.firstName, customer.lastName].filter { !$0.isEmpty }.joined(separator: " ")
        var address: [(String, LedgerJSON)] = [
            ("address_type", .string("postal")),
            // naam: the company when given, else first + last name; contactnaam: first + last name.
            ("name", .string(customer.displayName)), ("contact_name", .string(person)),
            ("streetname_and_number", .string(customer.street)), ("postal_code", .string(customer.postcode)),
            ("city", .string(customer.city)),
            // landcode: NL unless the shop gave another (BookingCustomer defaults to NL).
            ("country_code", .string(customer.countryCode)),
        ]
        if let phone = customer.phone {
            address.append(("phone_numbers", .array([.object([("phone_number_type", .string("phone")), ("phone_number", .string(phone))])])))
        }
        if !customer.email.isEmpty {
            address.append(("email_addresses", .array([.object([("email_address_type", .string("email")), ("email_address", .string(customer.email))])])))
        }
        var members: [(String, LedgerJSON)] = [("addresses", .array([.object(address)]))]
        // BTW: only when a VAT number is given; active true, the number as registration number.
        if let vatNumber = customer.vatNumber {
            members.append(("vat", .object([("active", .bool(true)), ("vat_registration_number", .string(vatNumber))])))
        }
        return .object(members)
    }
}
