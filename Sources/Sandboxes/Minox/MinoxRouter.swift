import Foundation
import SandboxSupport

/// Routes `/api/1/tenant/{t}/administration[/{a}/…]` [C-multi: OTW `AbstractEndpoint.php`, WEBP, WIKI] to
/// their handlers, with the endpoint's name for counters and fault rules and the scope it needs.
struct MinoxRouter {
    let sandbox: MinoxSandbox

    /// The counter name of an endpoint: the path after the administration, ids as placeholders, e.g.
    /// `PUT /transaction_line_batch/{uuid}`, `GET /customer/by_email/{email}`, `GET /administration`.
    static func endpoint(method: String, path: [String]) -> String {
        if path == ["inspect"] { return "\(method) /inspect" }
        guard path.count >= 3, path[0] == "tenant", path[2] == "administration" else { return "\(method) /unknown" }
        guard path.count >= 5 else { return "\(method) /administration" }
        var rest = Array(path.dropFirst(4))
        switch rest.first {
        case "customer" where rest.count == 2: rest[1] = "{id}"
        case "customer" where rest.count == 3: rest[2] = rest[1] == "by_email" ? "{email}" : "{externalid}"
        case "transaction_line_batch" where rest.count == 2: rest[1] = "{uuid}"
        case "year" where rest.count == 3: rest[1] = "{year}"
        default: break
        }
        return "\(method) /" + rest.joined(separator: "/")
    }

    /// The rate budget a request spends: its tenant's [Guess].
    static func budgetKey(path: [String]) -> String {
        path.count >= 2 && path[0] == "tenant" ? "tenant:" + path[1] : "inspect"
    }

    func route(_ request: MinoxRequest) throws(MinoxError) -> MinoxAnswer {
        let path = request.path
        if path == ["inspect"], request.method == "POST" { return try MinoxOAuthAPI(sandbox: sandbox).inspect(request) }
        guard let header = request.authorization, header.lowercased().hasPrefix("bearer ") else {
            throw .unauthorized("No access token provided")
        }
        let granted = try sandbox.scopes(ofToken: String(header.dropFirst(7)).trimmingCharacters(in: .whitespaces))
        guard path.count >= 3, path[0] == "tenant", path[2] == "administration" else { throw .notFound() }
        let administrations = sandbox.configuration.administrations.filter { String($0.tenantID) == path[1] }
        guard !administrations.isEmpty else {
            throw .forbidden("The token has no access to tenant \(path[1])")
        }
        func require(_ scope: String) throws(MinoxError) {
            guard granted.contains(scope) else { throw .forbidden("The token lacks the scope \(scope)") }
        }
        if path.count == 3 {
            guard request.method == "GET" else { throw .notFound() }
            try require("administration:read")
            return .collection(administrations.map(Self.administrationJSON))
        }
        guard administrations.contains(where: { String($0.id) == path[3] }) else {
            throw .notFound("Administration \(path[3]) not found")
        }
        let rest = Array(path.dropFirst(4))
        let master = sandbox.master
        let customers = MinoxCustomerAPI(sandbox: sandbox)
        let transactions = MinoxTransactionAPI(sandbox: sandbox)
        switch (request.method, rest.first ?? "") {
        case ("GET", "ledger_account") where rest.count == 1:
            try require("ledger_account:read")
            return .collection(master.accountsJSON)
        case ("GET", "vat") where rest.count == 1:
            try require("vat:read")
            return .collection(master.vatJSON)
        case ("GET", "journal") where rest.count == 1:
            try require("journal:read")
            return .collection(master.journalsJSON)
        case ("GET", "customer"):
            try require("customer:read")
            if rest.count == 1 { return try customers.list() }
            if let p = rest.match("customer", "*") { return try customers.get(p[0]) }
            if let p = rest.match("customer", "by_email", "*") { return try customers.byEmail(p[0]) }
            if let p = rest.match("customer", "by_externalid", "*") { return try customers.byExternalID(p[0]) }
        case ("POST", "customer") where rest.count == 1:
            try require("customer:write")
            return try customers.create(request)
        case (_, "transaction_line_batch") where rest.count == 2:
            switch request.method {
            case "GET":
                try require("transaction:read")
                return try transactions.get(rest[1])
            case "PUT":
                try require("transaction:write")
                return try transactions.put(rest[1], request)
            case "DELETE":
                try require("transaction:write")
                return try transactions.delete(rest[1])
            default: break
            }
        case ("GET", "year"):
            if let p = rest.match("year", "*", "transaction_lines") {
                try require("transaction:read")
                return try transactions.lines(year: p[0], request)
            }
        case ("GET", "receivable") where rest.count == 1:
            // No receivable scope in OTW's list; the sandbox asks for transaction:read [Guess].
            try require("transaction:read")
            return try transactions.receivables(request)
        default: break
        }
        throw .notFound()
    }

    /// `{id, name, number_of_periods, chamber_of_commerce, …}` [C-multi: DEMO, WIKI].
    private static func administrationJSON(_ administration: MinoxSandboxAdministration) -> JSONValue {
        .object([
            ("id", .int(administration.id)), ("name", .string(administration.name)),
            ("number_of_periods", .int(12)), ("chamber_of_commerce", .string("12345678")),
        ])
    }
}
