import Foundation

/// How a Minox sandbox run is set up. Source tags as in shared/reference/apis-ledgers-shops.md §2;
/// every behaviour the sources leave open is a switch here, with the sandbox's default choice.
public struct MinoxSandboxConfiguration: Sendable {
    public var host = "127.0.0.1"
    /// 0 picks a free port; the bound port is reported once the server listens.
    public var port = 0
    /// The one OAuth application the sandbox knows.
    public var clientID = "koppel-minox-client"
    public var clientSecret = "koppel-minox-secret"
    /// Access tokens last about an hour [C-multi: OTW, APIDECK].
    public var accessTokenLifetime: TimeInterval = 3600
    /// A bearer token with every scope that never expires (tests); nil for none.
    public var apiToken: String?
    /// Tenant ("klantnummer") and administration ids are integers [C-multi: OTW, WEBP].
    public var tenantID = 100_001
    public var administrationID = 1
    public var administrationName = "Koppel Demo B.V."
    /// More administrations a login reaches, in this tenant or others, for choosing one after
    /// connecting. They share the first one's books and master data: they exist to be chosen.
    public var moreAdministrations: [MinoxSandboxAdministration] = []
    /// "Observed in testing: 20 requests per rate-limit window, then a 120-second retry-after"
    /// [C-one: APIDECK]. The window length is unknown: a guess of 120 s, the retry-after figure.
    public var rateLimit = 20
    public var rateWindow: TimeInterval = 120
    /// [Inferred] `id` is the debtor number and Minox may want the partner to supply it; when
    /// true the sandbox assigns the next free number to a customer posted without one, when
    /// false it answers 422.
    public var assignsCustomerNumbers = true
    /// [Guess] Amounts with more than two decimals are refused (422): bookkeeping in euro cents,
    /// the manual's and OTW's examples have at most two. When false they are rounded half up.
    public var refusesSubCentAmounts = true
    /// [Guess] The batch id must be a version-4 UUID, as OTW's docs say to generate ("generate a
    /// uuid4"); when false any RFC 4122/9562 form passes.
    public var requiresUUIDv4 = true
    /// A second sales journal (VK2 "Verkoopboek webwinkel") besides VK: an administration where
    /// the journal cannot be chosen by itself, so a person must.
    public var secondSalesJournal = false
    public var faults = MinoxFaultSettings()

    public init() {}
}

/// An administration of a tenant, as `GET tenant/{t}/administration` lists it.
public struct MinoxSandboxAdministration: Sendable, Equatable {
    public var tenantID: Int
    public var id: Int
    public var name: String

    public init(tenantID: Int, id: Int, name: String) {
        self.tenantID = tenantID
        self.id = id
        self.name = name
    }

    /// `TENANT/ID=NAME` (`koppel-sandbox --ledger minox --administration`); nil when it is not that.
    public init?(spec: String) {
        let parts = spec.split(separator: "=", maxSplits: 1).map(String.init)
        let ids = (parts.first ?? "").split(separator: "/", omittingEmptySubsequences: false).map { Int($0) }
        guard ids.count == 2, let tenant = ids[0], let id = ids[1] else { return nil }
        self.init(tenantID: tenant, id: id, name: parts.count > 1 ? parts[1] : "Administratie \(id)")
    }
}

extension MinoxSandboxConfiguration {
    /// The seeded administration first, then the others.
    var administrations: [MinoxSandboxAdministration] {
        [MinoxSandboxAdministration(tenantID: tenantID, id: administrationID, name: administrationName)] + moreAdministrations
    }

    /// Every tenant with its name (the first administration's), in order.
    var tenants: [(id: Int, name: String)] {
        var seen: Set<Int> = []
        return administrations.filter { seen.insert($0.tenantID).inserted }.map { ($0.tenantID, $0.name) }
    }
}
