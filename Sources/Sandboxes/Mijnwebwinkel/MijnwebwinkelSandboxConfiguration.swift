import Foundation

/// How a Mijnwebwinkel sandbox run is set up. Source tags as in shared/reference/apis-ledgers-shops.md §1
/// ([SPEC] the official OpenAPI spec, [CHG] its changelog, [PY] the Python SDK's live-shape tests);
/// every behaviour the sources leave open is a switch here, with the sandbox's default choice.
public struct MijnwebwinkelSandboxConfiguration: Sendable {
    public var host = "127.0.0.1"
    /// 0 picks a free port; the bound port is reported once the server listens.
    public var port = 0
    /// The merchant's store token (`token` query parameter) [SPEC `securitySchemes`].
    public var storeToken = "koppel-mww-store-token"
    /// The partner's token (`partner_token` query parameter) [SPEC `securitySchemes`].
    public var partnerToken = "koppel-mww-partner-token"
    /// Requests per window and token; 0 switches the limit off. A limit exists for the partner and the
    /// store context [CHG 1.0.8], but no number, header or status code is published (§1.6): the figures,
    /// the 429 and its `Retry-After` are a guess (§1.9 suggests 60 a minute; §5: off by default in tests).
    public var rateLimit = 0
    public var rateWindow: TimeInterval = 60
    /// Answer in the shapes the live API was seen to use instead of the spec's (§1.4 "live deviations").
    public var liveDeviations = false
    /// Orders generated at start (numbers 1001, 1002, …), so a demo or a spec check has data to read.
    public var seededOrders = 0
    public var storeName = "Koppel Demowinkel"
    public var faults = MijnwebwinkelFaultSettings()

    public init() {}
}
