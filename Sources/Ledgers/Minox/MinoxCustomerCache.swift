import KoppelCore
import KoppelHTTP
import Ledger

/// Customers read once per read-back run, by debtor number.
///
/// A period's read-back reads the customer list (`GET customer`, apis-ledgers-shops.md §2.2: "list
/// with query filters", lists come as `{"collection": […]}`, no paging documented) in one request
/// instead of one `GET customer/{id}` per debtor: Minox allows 20 requests in 120 s, so 1,000
/// customers read one by one would take 100 minutes. A debtor the list lacks is still asked by id,
/// in case Minox cuts the list short [Guess: no limit is documented].
struct MinoxCustomerCache {
    let api: MinoxAPI
    private var readsList: Bool
    private var known: [String: BookingCustomer?] = [:]

    /// - Parameter readsList: read every customer in one request at the first debtor; worth it for
    ///   a period, not for one booking.
    init(api: MinoxAPI, readsList: Bool = false) {
        self.api = api
        self.readsList = readsList
    }

    mutating func customer(_ id: String) throws(LedgerError) -> BookingCustomer? {
        if readsList { try readList() }
        if let cached = known[id] { return cached }
        let response = try api.get("customer/\(MinoxAPI.segment(id))")
        var customer: BookingCustomer?
        if response.status != 404 {
            guard let read = MinoxRead.decode(MinoxRead.Customer.self, from: response.body) else {
                throw LedgerError(.uncertain, "Minox's customer \(id) could not be read")
            }
            customer = Self.customer(read)
        }
        known[id] = customer
        return customer
    }

    private mutating func readList() throws(LedgerError) {
        readsList = false
        let response = try api.get("customer")
        guard response.status != 404 else { return }
        guard let list = MinoxRead.decode(MinoxRead.Collection<MinoxRead.Customer>.self, from: response.body) else {
            throw LedgerError(.uncertain, "Minox's customer list could not be read")
        }
        for read in list.collection { known[read.id.text] = Self.customer(read) }
    }

    /// The manual's fields back: name is the company when it differs from the contact name.
    static func customer(_ read: MinoxRead.Customer) -> BookingCustomer {
        let address = read.addresses?.first
        let contact = address?.contact_name ?? ""
        let name = address?.name ?? ""
        let parts = contact.split(separator: " ", maxSplits: 1).map(String.init)
        return BookingCustomer(
            firstName: parts.first ?? "", lastName: parts.count > 1 ? parts[1] : "", company: name != contact ? name : nil,
            email: address?.email_addresses?.first?.email_address ?? "", phone: address?.phone_numbers?.first?.phone_number,
            street: address?.streetname_and_number ?? "", postcode: address?.postal_code ?? "", city: address?.city ?? "",
            countryCode: address?.country_code ?? "", vatNumber: read.vat?.vat_registration_number)
    }
}
