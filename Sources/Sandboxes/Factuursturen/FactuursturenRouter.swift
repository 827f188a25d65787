import SandboxSupport

/// Routes `/api/v1/…` [C-multi: apis.md §2] to their handlers, with the endpoint's name for counters and
/// fault rules.
struct FactuursturenRouter {
    let sandbox: FactuursturenSandbox

    /// The counter name of an endpoint, numbers and values as placeholders: `POST /invoices`,
    /// `GET /invoices/{nr}`, `GET /search/invoices/{field}/{value}`, `POST /invoices_payment/{nr}`, …
    static func endpoint(method: String, path: [String]) -> String {
        let names: [String] = path.enumerated().map { index, part in
            switch (path.first ?? "", index) {
            case ("search", 2): "{field}"
            case ("search", 3): "{value}"
            case ("search", _), (_, 0): part
            default: "{nr}"
            }
        }
        return "\(method) /" + names.joined(separator: "/")
    }

    func route(_ request: FactuursturenRequest) throws(FactuursturenError) -> FactuursturenAnswer {
        let clients = FactuursturenClientAPI(sandbox: sandbox)
        let invoices = FactuursturenInvoiceAPI(sandbox: sandbox)
        switch (request.method, request.path) {
        case ("GET", ["clients"]): return try clients.list()
        case ("POST", ["clients"]): return try clients.create(request)
        case ("GET", let path) where path.match("clients", "*") != nil: return try clients.get(path[1])
        case ("PUT", let path) where path.match("clients", "*") != nil,
            ("DELETE", let path) where path.match("clients", "*") != nil:
            throw .methodNotAllowed()
        case ("GET", ["invoices"]): return try invoices.list(request)
        case ("POST", ["invoices"]): return try invoices.create(request)
        case ("GET", let path) where path.match("invoices", "*") != nil: return try invoices.get(path[1])
        case ("POST", let path) where path.match("invoices_payment", "*") != nil,
            ("PUT", let path) where path.match("invoices_payment", "*") != nil:
            return try invoices.pay(path[1], request)
        case ("GET", let path) where path.match("search", "clients", "*", "*") != nil:
            return try clients.search(field: path[2], value: path[3])
        case ("GET", let path) where path.match("search", "invoices", "*", "*") != nil:
            return try invoices.search(field: path[2], value: path[3])
        case ("GET", ["taxes"]): return .ok(sandbox.master.taxesJSON)
        default: throw .notFound()
        }
    }
}
