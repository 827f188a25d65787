import SandboxSupport

/// `clients`: list, one, create and search (§2, §4.2). Clients are never changed by koppel (manual 004 §2:
/// "wijzigt geen gegevens van debiteuren"), so `PUT` and `DELETE` are not served (405) [sandbox choice].
struct FactuursturenClientAPI {
    let sandbox: FactuursturenSandbox

    private var rendering: FactuursturenRendering { FactuursturenRendering(configuration: sandbox.configuration) }

    /// `GET clients`: a bare array [C-multi: FSAPI, REIN].
    func list() throws(FactuursturenError) -> FactuursturenAnswer {
        let clients = try sandbox.books.withState { state throws(FactuursturenError) in state.clients.values.sorted { $0.number < $1.number } }
        return .ok(.array(clients.map(rendering.client)))
    }

    /// `GET clients/{nr}` → `{"client":{…}}`; an unknown number as an unknown invoice (the whole list or 404)
    /// [C-one: FSAPI notes this for `find` of a client].
    func get(_ number: String) throws(FactuursturenError) -> FactuursturenAnswer {
        let found = try sandbox.books.withState { state throws(FactuursturenError) in Int(number).flatMap { state.clients[$0] } }
        if let found { return .ok(.object([("client", rendering.client(found))])) }
        if sandbox.configuration.unknownAnswersWholeList { return try list() }
        throw .notFound("Client \(number) not found")
    }

    /// `POST clients` → 201 with the new clientnr as a bare body [C-multi: FHNL, apis.md §2]. A contact or a
    /// company is required [Guess: no validation rules are known].
    func create(_ request: FactuursturenRequest) throws(FactuursturenError) -> FactuursturenAnswer {
        let fields = try Self.fields(try request.json())
        let number = try sandbox.books.withState { state throws(FactuursturenError) -> Int in
            let number = state.nextClient
            state.nextClient += 1
            state.clients[number] = FactuursturenClient(number: number, fields: fields)
            return number
        }
        return .created(number: String(number))
    }

    /// A client's fields as `POST clients` takes them: text members, flags as "true"/"false", the reference
    /// lines as `reference.lineN`.
    static func fields(_ body: JSONValue) throws(FactuursturenError) -> [String: String] {
        guard case .object(let members) = body else { throw .badRequest("The body must be a JSON object") }
        var fields: [String: String] = [:]
        for member in members {
            if member.key == "reference", case .object(let lines) = member.value {
                for line in lines { fields["reference.\(line.key)"] = line.value.text ?? "" }
            } else if case .bool(let flag) = member.value {
                fields[member.key] = flag ? "true" : "false"
            } else if let text = member.value.text {
                fields[member.key] = text
            }
        }
        guard !(fields["contact"] ?? "").isEmpty || !(fields["company"] ?? "").isEmpty else {
            throw .badRequest("Contact or company is required")
        }
        // A country arrives as an id from countrylist ("146" = Nederland) or a name, which is resolved [C-one: apis.md §2].
        if let country = fields["country"], ["nl", "nederland", "netherlands"].contains(country.lowercased()) { fields["country"] = "146" }
        return fields
    }

    /// `GET search/clients/{field|all}/{value}` → an array, `[]` when nothing matches [C-one: FSAPI]. The match is
    /// case-insensitive and on the whole value for `email`, a part for other fields [Guess].
    func search(field: String, value: String) throws(FactuursturenError) -> FactuursturenAnswer {
        let wanted = value.lowercased()
        let clients = try sandbox.books.withState { state throws(FactuursturenError) in state.clients.values.sorted { $0.number < $1.number } }
        let matches = clients.filter { client in
            let texts = field == "all" ? Array(client.fields.values) + [String(client.number)] : [client.fields[field] ?? ""]
            return texts.contains { field == "email" ? $0.lowercased() == wanted : $0.lowercased().contains(wanted) }
        }
        return .ok(.array(matches.map(rendering.client)))
    }
}
