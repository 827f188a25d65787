import Foundation

/// How an Asperion sandbox run is set up. Sources: manual 003 (OpenCart → Asperion), and
/// shared/reference/apis-ledgers-shops.md §3 with apis.md §4 ([HELP] help.asperion.nl, [SPEC14] the aXML
/// v1.4 contents, [WWF] the webwinkelfacturen manuals, [GOASP] the go-asperion client). Every behaviour
/// the sources leave open is a switch here or a marked choice beside the code (docs/asperion-sandbox.md).
public struct AsperionSandboxConfiguration: Sendable {
    /// When the uploaded files become concept invoices.
    public enum ImportMode: String, Sendable, CaseIterable {
        /// At once, as if the owner pressed "Synchroniseren" the moment a file arrives.
        case auto
        /// Only on `POST /sandbox/import`: the owner imports by hand (manual 003 §7), so a test can model
        /// a file delivered and never imported.
        case manual
    }

    /// What an order that breaks the aXML schema does to its file.
    public enum BrokenOrders: String, Sendable, CaseIterable {
        /// The whole upload is refused, 422, nothing kept: koppel learns at delivery that a file is bad.
        case refuseFile = "refuse-file"
        /// The file is kept; the import rejects that order with its violations and imports the rest.
        case rejectOrder = "reject-order"
    }

    public var host = "127.0.0.1"
    /// 0 picks a free port; the bound port is reported once the server listens.
    public var port = 0
    /// The administrations (tenants) served; the first is the default. The license code is the upload's
    /// credential (manual 003 §4: it is found under Algemeen › Setup Wizard › Administratie instellingen).
    public var tenants = [
        AsperionSandboxTenant(id: 100001, name: "Administratie 100001", licenseCode: "ASP-100001-SANDBOX-LICENSE")
    ]
    /// A bearer token of the REST API valid for every tenant, standing in for the OAuth2 token of
    /// identity.asperion.nl [C-multi: HELP api.aspx, GOASP]; the sandbox serves no token endpoint [sandbox choice].
    public var apiToken = "koppel-asperion-token"
    public var importMode = ImportMode.auto
    /// [sandbox choice] Whether Asperion's import refuses a whole file or a single order for a broken
    /// order is unknown (§3.1: only a UI import report is described); a file broken as a whole (not
    /// well-formed, the declaration, the header) is refused either way.
    public var brokenOrders = BrokenOrders.refuseFile
    /// Requests per window and tenant on `/v1`; 0 switches the limit off. Asperion documents no limit
    /// (§3.2 "none documented"); §5 recommends none, optionally 429 [GUESS: 429 with `Retry-After`].
    public var rateLimit = 0
    public var rateWindow: TimeInterval = 60
    /// `pageSize` when none is asked [GUESS], and the largest accepted [GUESS]; GOASP names the
    /// parameters `page` and `pageSize` but no figures.
    public var defaultPageSize = 25
    public var maximumPageSize = 100
    /// The largest upload accepted [sandbox choice]: a day's file of a busy shop stays far below.
    public var maximumFileBytes = 8 * 1024 * 1024
    public var faults = AsperionFaultSettings()

    public init() {}
}

/// One administration: its id (`X-Tenant-Id`, an integer [C-one: GOASP]), its name, its license code,
/// and the payment codes its import knows.
public struct AsperionSandboxTenant: Sendable {
    public var id: Int
    public var name: String
    public var licenseCode: String
    /// The payment codes this administration accepts; an order with another is rejected [GUESS: v1.4 has
    /// an appendix "Payment Codes" (§3.1) whose values are not in the corpus; the sandbox's list].
    public var paymentCodes: [String]

    public static let defaultPaymentCodes = ["IDEAL", "BANK", "PAYPAL", "CREDITCARD", "REMBOURS", "CASH", "INVOICE"]

    public init(
        id: Int, name: String, licenseCode: String, paymentCodes: [String] = AsperionSandboxTenant.defaultPaymentCodes
    ) {
        self.id = id
        self.name = name
        self.licenseCode = licenseCode
        self.paymentCodes = paymentCodes
    }

    /// `ID=LICENSE` or `ID=LICENSE=NAME`, as `--asperion-tenant` takes it; nil when it is not one.
    public init?(spec: String) {
        let parts = spec.split(separator: "=", maxSplits: 2).map(String.init)
        guard parts.count >= 2, let id = Int(parts[0]), id > 0, !parts[1].isEmpty else { return nil }
        self.init(id: id, name: parts.count > 2 ? parts[2] : "Administratie \(id)", licenseCode: parts[1])
    }
}
