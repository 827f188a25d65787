import Foundation
import SandboxSupport

/// Customers (debiteuren) [C-multi for by_email/by_externalid: OTW + WIKI step 7; body C-one: OTW
/// `docs/customer.rst`]. Koppel never changes a customer, so the sandbox offers no PATCH.
struct MinoxCustomerAPI {
    let sandbox: MinoxSandbox

    /// `GET /customer`: every customer. The filter names are unknown (WIKI: "e-mail, externalID or
    /// other criteria"); the sandbox ignores query parameters [Guess].
    func list() throws(MinoxError) -> MinoxAnswer {
        let customers = try sandbox.books.withState { state throws(MinoxError) in state.customers.values.sorted { $0.id < $1.id } }
        return .collection(customers.map(\.body))
    }

    func get(_ id: String) throws(MinoxError) -> MinoxAnswer {
        guard let number = Int(id) else { throw .notFound("Customer \(id) not found") }
        let found = try sandbox.books.withState { state throws(MinoxError) in state.customers[number] }
        guard let found else { throw .notFound("Customer \(id) not found") }
        return .ok(found.body)
    }

    /// The customer with this e-mail address, case-insensitive; 404 when none [Guess: the answer when
    /// nothing matches is not documented]. With several, the lowest number.
    func byEmail(_ email: String) throws(MinoxError) -> MinoxAnswer {
        let found = try sandbox.books.withState { state throws(MinoxError) in state.customer(email: email) }
        guard let found else { throw .notFound("No customer with e-mail address \(email)") }
        return .ok(found.body)
    }

    func byExternalID(_ externalID: String) throws(MinoxError) -> MinoxAnswer {
        let found = try sandbox.books.withState { state throws(MinoxError) in
            state.customers.values.sorted { $0.id < $1.id }.first { $0.externalID == externalID }
        }
        guard let found else { throw .notFound("No customer with external id \(externalID)") }
        return .ok(found.body)
    }

    /// `POST /customer`. `id` is the debtor number [Inferred]; when absent the next free number is
    /// assigned (`assignsCustomerNumbers`) or the request is refused. The first address needs a name [Guess].
    func create(_ request: MinoxRequest) throws(MinoxError) -> MinoxAnswer {
        let body = try request.json()
        let assigns = sandbox.configuration.assignsCustomerNumbers
        let stored = try sandbox.books.withState { state throws(MinoxError) -> MinoxBooks.Customer in
            try Self.store(body, assigningNumbers: assigns, in: &state)
        }
        return .created(stored.body)
    }

    /// Checks one customer body as `POST /customer` takes it and stores it (the bulk import too).
    static func store(_ body: JSONValue, assigningNumbers assigns: Bool, in state: inout MinoxBooks.State) throws(MinoxError)
        -> MinoxBooks.Customer
    {
        guard case .object(var members) = body else { throw .badRequest("The body must be a customer object") }
        guard let address = body["addresses"]?.arrayValue?.first, let name = address["name"]?.nonBlankText else {
            throw .validation("addresses[0].name is required")
        }
        let email = address["email_addresses"]?.arrayValue?.first?["email_address"]?.nonBlankText?.lowercased()
        var id: Int
        if let given = body["id"], !given.isNull {
            guard let text = given.text, let number = Int(text), number > 0 else {
                throw .validation("id must be a positive whole number")
            }
            guard state.customers[number] == nil else { throw .validation("Customer \(number) already exists") }
            id = number
        } else {
            guard assigns else { throw .validation("id (the debtor number) is required") }
            id = state.nextCustomerID
        }
        members.removeAll { $0.key == "id" }
        members.insert(("id", .int(id)), at: 0)
        let customer = MinoxBooks.Customer(
            id: id, body: .object(members), email: email, externalID: body["externalid"]?.nonBlankText, name: name)
        state.customers[id] = customer
        return customer
    }
}
