import Crypto
import KoppelCore
import KoppelHTTP
import Ledger

/// Journal entry lines read back as the bookings the reconciler compares.
enum MinoxReadBack {
    /// Lines grouped per entry, in the order first seen: by `batch_id` where Minox gives it [Guess: a
    /// field name of the sandbox], else by journal and entry number. Only entries of `journal`.
    static func batches(_ lines: [MinoxRead.Line], journal: String) -> [(String, [MinoxRead.Line])] {
        var order: [String] = []
        var groups: [String: [MinoxRead.Line]] = [:]
        for line in lines where line.journal?.id.text ?? journal == journal {
            guard let key = line.batch_id ?? line.entry_number.map({ "\(journal)/\($0)" }) else { continue }
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append(line)
        }
        return order.map { ($0, groups[$0]!) }
    }

    /// The total line: the one on a customer.
    static func debtorLine(_ lines: [MinoxRead.Line]) -> MinoxRead.Line? {
        lines.first { $0.account?.type == "customer" }
    }

    static func balance(_ line: MinoxRead.Line) -> Cents {
        (line.debit?.cents ?? .zero) - (line.credit?.cents ?? .zero)
    }

    /// The order number: the debtor line's description, without a credit entry's marker.
    static func reference(_ lines: [MinoxRead.Line]) -> String? {
        debtorLine(lines)?.description.map { MinoxCreditEntry.creditedReference($0) ?? $0 }
    }

    /// The order number a credit entry credits (`MinoxCreditEntry`); nil for a sale.
    static func creditedReference(_ lines: [MinoxRead.Line]) -> String? {
        guard let debtor = debtorLine(lines), balance(debtor) <= .zero, let description = debtor.description else { return nil }
        return MinoxCreditEntry.creditedReference(description)
    }

    /// Gross = the debtor line; VAT per code = the VAT lines (those with a VAT amount), with 0 for the
    /// codes only the detail lines name (0 %, ICP, export); net = gross − VAT, as Moneybird's
    /// total excluding tax includes in-shop payments.
    static func booking(
        id: String, lines: [MinoxRead.Line], customers: inout MinoxCustomerCache, openItems: [String: Cents], creditOf: String? = nil
    ) throws(LedgerError) -> LedgerBooking {
        let debtor = debtorLine(lines)
        let gross = debtor.map(balance) ?? .zero
        var vat: [String: Cents] = [:]
        for line in lines {
            guard let code = line.vat?.id.text else { continue }
            let amount = line.vat?.amount?.cents ?? .zero
            vat[code, default: .zero] += amount.isZero ? .zero : -balance(line)
        }
        let customerID = debtor?.account?.id.text
        var payment: LedgerPayment?
        if let customerID, let invoice = debtor?.invoice_number {
            let open = openItems["\(customerID)/\(invoice)"] ?? .zero
            payment = LedgerPayment(state: open.isZero ? "paid" : "open", isPaid: open.isZero, unpaid: open)
        }
        var customer: BookingCustomer?
        if let customerID { customer = try customers.customer(customerID) }
        return LedgerBooking(
            id: id, reference: reference(lines) ?? "", date: debtor?.document_date ?? "", gross: gross,
            net: gross - vat.values.sum(), vatByCode: vat, customer: customer, version: version(lines), payment: payment,
            creditOf: creditOf)
    }

    /// Changes whenever a line's account, amount or VAT changes (an entry edited in Minox).
    static func version(_ lines: [MinoxRead.Line]) -> String {
        let text = lines.map { line in
            [line.account?.id.text ?? "", line.debit.map { String(describing: $0.cents) } ?? "", line.credit.map { String(describing: $0.cents) } ?? "",
             line.vat?.id.text ?? "", line.vat?.amount.map { String(describing: $0.cents) } ?? "", line.document_date ?? "",
             line.description ?? ""].joined(separator: "|")
        }.joined(separator: "\n")
        return SHA256.hash(data: Array(text.utf8)).prefix(8).map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
    }
}

/// Customers read once per read-back run, by debtor number.
struct MinoxCustomerCache {
    let api: MinoxAPI
    private var known: [String: BookingCustomer?] = [:]

    init(api: MinoxAPI) {
        self.api = api
    }

    mutating func customer(_ id: String) throws(LedgerError) -> BookingCustomer? {
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
