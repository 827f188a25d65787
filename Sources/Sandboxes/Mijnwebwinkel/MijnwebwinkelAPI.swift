import SandboxSupport

/// `/v{version}/…` [SPEC `paths`]: the calls koppel reads with. Versions `1` and `2-beta` answer alike
/// (the spec says they differ only in deprecated options and the XML shape).
struct MijnwebwinkelAPI {
    let sandbox: MijnwebwinkelSandbox

    /// The counter name of an endpoint, ids as placeholders: `GET /orders/{order_number}`.
    static func endpoint(method: String, path: [String]) -> String {
        var rest = Array(path.dropFirst())
        if rest.count == 2, rest[0] == "orders", rest[1] != "count" { rest[1] = "{order_number}" }
        return "\(method) /" + rest.joined(separator: "/")
    }

    /// Calls that need only the partner token [SPEC: `security: PartnerToken` on these two].
    static func isPartnerOnly(_ path: [String]) -> Bool {
        path.dropFirst().elementsEqual(["orderstatuses"]) || path.dropFirst().elementsEqual(["payment", "gateways"])
    }

    /// The token whose budget a request spends: the store's, or the partner's on partner-only calls.
    static func budgetKey(_ request: MijnwebwinkelRequest) -> String {
        isPartnerOnly(request.path) ? "partner:" + (request.query["partner_token"] ?? "") : "store:" + (request.query["token"] ?? "")
    }

    func route(_ request: MijnwebwinkelRequest) throws(MijnwebwinkelProblem) -> MijnwebwinkelAnswer {
        let path = request.path
        guard let version = path.first, ["v1", "v2-beta"].contains(version) else { throw .notFound() }
        try authenticate(request)
        if let format = request.query["format"], format != "json" {
            // [SPEC] also offers text/xml; koppel reads JSON only, so the sandbox serves no XML.
            throw .badRequest("format \(format) is not served by this sandbox; use json")
        }
        let rest = Array(path.dropFirst())
        guard request.method == "GET" else { throw .notFound() }
        let shop = sandbox.shop
        let rendering = OrderRendering(live: shop.live)
        switch rest.count {
        case 1 where rest[0] == "orders":
            let query = try OrderQuery(request.query, paged: true)
            return .ok(.array(query.page(of: shop.orders).map(rendering.render)))
        case 2 where rest == ["orders", "count"]:
            let query = try OrderQuery(request.query, paged: false)
            return .ok(.object([("count", .int(shop.orders.filter(query.matches).count))]))
        case 2 where rest[0] == "orders":
            guard let number = Int(rest[1]) else { throw .badRequest("order_number must be a whole number") }
            guard let order = shop.order(number) else { throw .notFound("Order \(number) does not exist") }
            return .ok(rendering.render(order))
        case 1 where rest[0] == "orderstatuses":
            return .ok(.array(Self.statuses))
        case 2 where rest == ["payment", "gateways"]:
            return .ok(Self.gateways)
        case 1 where rest[0] == "store":
            return .ok(storeJSON)
        default:
            throw .notFound()
        }
    }

    /// Both tokens travel as query parameters [SPEC `securitySchemes`, C-multi with PY]; store calls need
    /// both, the partner-only calls the partner token. A missing or wrong one gives 401 [Inferred, §1.7].
    private func authenticate(_ request: MijnwebwinkelRequest) throws(MijnwebwinkelProblem) {
        guard request.query["partner_token"] == sandbox.configuration.partnerToken else {
            throw .unauthorized("The partner token is missing or invalid")
        }
        if Self.isPartnerOnly(request.path) { return }
        guard request.query["token"] == sandbox.configuration.storeToken else {
            throw .unauthorized("The store token is missing or invalid")
        }
    }

    /// Ids and names are the sandbox's [Inferred, §5: only id 1 "Order Pending" is shown in the spec; the
    /// real ids are per store, with store-language descriptions]; `credit_order` marks credit statuses [CHG 1.0.7].
    static let statuses: [JSONValue] = [
        (1, "In afwachting", false), (2, "Betaald", false), (3, "Verzonden", false), (4, "Afgehaald", false),
        (5, "Geannuleerd", false), (6, "Gecrediteerd", true),
    ].map { status, description, credit in
        .object([("status", .int(status)), ("description", .string(description)), ("credit_order", .bool(credit))])
    }

    /// `{gateways: [{name, displayName, websiteUrl, methods: [{name, displayName}]}]}` [SPEC `PaymentGateways`];
    /// names from the spec's gateway and method lists, the selection is the sandbox's.
    static let gateways: JSONValue = .object([
        ("gateways", .array([
            ("basic", "Handmatig", "https://www.mijnwebwinkel.nl/", [("advance", "Vooruitbetaling"), ("cash", "Contant"), ("pickup", "Betalen bij afhalen")]),
            ("mollie", "Mollie", "https://www.mollie.com/", [("ideal", "iDEAL"), ("creditcard", "Creditcard"), ("bancontact", "Bancontact")]),
            ("paypal", "PayPal", "https://www.paypal.com/", [("paypal", "PayPal")]),
        ].map { name, display, website, methods in
            .object([
                ("name", .string(name)), ("displayName", .string(display)), ("websiteUrl", .string(website)),
                ("methods", .array(methods.map { .object([("name", .string($0.0)), ("displayName", .string($0.1))]) })),
            ])
        })),
    ])

    /// [SPEC `Store` example, PY live test: `id` a uuid string, `available_business_models` a plain string].
    private var storeJSON: JSONValue {
        .object([
            ("id", .string("e5fc33df-b2bf-40ec-8d8d-56fc34b495cc")), ("name", .string(sandbox.configuration.storeName)),
            ("primary_domain", .string("https://demowinkel.example.nl")), ("description", .string("Een winkel om mee te proberen")),
            ("open", .bool(true)), ("version", .string("Pro")), ("administration_language", .string("nl_NL")),
            ("currency", .string("EUR")), ("prices_include_tax", .bool(true)), ("default_language", .string("nl_NL")),
            ("active_languages", .array([.string("nl_NL"), .string("en_GB")])), ("currency_format_locale", .string("nl_NL")),
            ("available_business_models", .string("ALL")), ("region_code", .string("NL")),
        ])
    }
}
