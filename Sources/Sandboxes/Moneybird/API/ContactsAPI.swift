import Foundation
import SandboxSupport

/// `/{administration_id}/contacts`: list with `query`, get by id, create.
struct ContactsAPI {
    let sandbox: Sandbox

    static let deliveryMethods = ["Email", "Simplerinvoicing", "Peppol", "Manual", "Post"]

    func list(_ request: APIRequest, administration: String) throws(SandboxError) -> APIAnswer {
        let (page, perPage) = try request.pagination()
        let needle = request.query["query"]?.trimmingCharacters(in: .whitespaces).lowercased() ?? ""
        let contacts = try load(administration).filter { contact in
            needle.isEmpty || contact.searchableText.contains { $0.lowercased().contains(needle) }
        }
        let slice = contacts.page(request, page: page, perPage: perPage)
        return APIAnswer(status: 200, body: .array(slice.items.map(\.json)), headers: slice.headers)
    }

    func get(_ id: String, administration: String) throws(SandboxError) -> APIAnswer {
        .ok(try find(id, administration: administration).json)
    }

    func find(_ id: String, administration: String) throws(SandboxError) -> Contact {
        let contact: Contact?
        do {
            contact = try sandbox.store.read { tx in
                try tx.find(Contact.self, kind: .contact, administration: administration, id: id)
            }
        } catch { throw .internalServerError() }
        guard let contact else { throw .recordNotFound() }
        return contact
    }

    private func load(_ administration: String) throws(SandboxError) -> [Contact] {
        do {
            return try sandbox.store.read { tx in try tx.all(Contact.self, kind: .contact, administration: administration) }
        } catch { throw .internalServerError() }
    }

    func create(_ request: APIRequest, administration: String) throws(SandboxError) -> APIAnswer {
        let fields = try Self.contactFields(try request.json()["contact"])
        let now = Date()
        let contact = try sandbox.write { tx -> Contact in
            let contact = try Self.newContact(fields, administration: administration, tx: tx, now: now)
            try tx.save(contact, kind: .contact, administration: administration, id: contact.id)
            return contact
        }
        return .created(contact.json)
    }

    /// The `contact` member of a create body; a 400 when it is missing or not an object.
    static func contactFields(_ value: JSONValue?) throws(SandboxError) -> JSONValue {
        guard let value, case .object = value else {
            throw .badRequest("Parameter contact is required", symbolic: [("contact", "required")])
        }
        return value
    }

    /// A new contact from the members of a create body, validated as Moneybird does.
    static func newContact(
        _ fields: JSONValue, administration: String, tx: StoreTransaction, now: Date
    ) throws -> Contact {
        let text = { (key: String) in fields[key]?.nonBlankText }
        if text("company_name") == nil, text("firstname") == nil, text("lastname") == nil {
            throw SandboxError.validation([
                ("firstname", "is required", "is required"), ("lastname", "is required", "is required"),
                ("company_name", "is required", "is required"),
            ])
        }
        let deliveryMethod = text("delivery_method") ?? "Email"
        guard deliveryMethods.contains(deliveryMethod) else {
            throw SandboxError.validation([("delivery_method", "is not included in the list", "inclusion")])
        }
        if let country = text("country"), country.count != 2 || !country.allSatisfy(\.isLetter) {
            throw SandboxError.validation([("country", "is invalid", "invalid")])
        }
        let email = text("email") ?? text("send_invoices_to_email")
        let id = try tx.nextID()
        let customerID = try text("customer_id") ?? String(tx.next("customer:\(administration)"))
        return Contact(
            id: id, administrationID: administration, companyName: text("company_name"),
            firstname: text("firstname"), lastname: text("lastname"), address1: text("address1"),
            address2: text("address2"), zipcode: text("zipcode"), city: text("city"),
            country: text("country")?.uppercased() ?? "NL", phone: text("phone"),
            deliveryMethod: deliveryMethod, customerID: customerID, taxNumber: text("tax_number"),
            chamberOfCommerce: text("chamber_of_commerce"), bankAccount: text("bank_account"),
            attention: text("send_invoices_to_attention"), email: email,
            sendInvoicesToAttention: text("send_invoices_to_attention"),
            sendInvoicesToEmail: text("send_invoices_to_email") ?? email,
            sendEstimatesToAttention: text("send_estimates_to_attention"),
            sendEstimatesToEmail: text("send_estimates_to_email") ?? email,
            createdAt: now, updatedAt: now, version: Timestamps.version(now))
    }
}
