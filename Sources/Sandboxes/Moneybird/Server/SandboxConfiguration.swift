import Foundation

/// How a sandbox run is set up.
public struct SandboxConfiguration: Sendable {
    public var host = "127.0.0.1"
    /// 0 picks a free port; the bound port is reported once the server listens.
    public var port = 0
    /// The SQLite file of this run; created when missing.
    public var databasePath: String
    /// Requests per window and administration (Moneybird: 150 per 300 s).
    public var rateLimit = 150
    public var rateWindow: TimeInterval = 300
    /// The one OAuth application the sandbox knows.
    public var clientID = "koppel-sandbox-client"
    public var clientSecret = "koppel-sandbox-secret"
    /// Seconds an OAuth access token lives; `expires_in` in the token answer.
    public var accessTokenLifetime: TimeInterval = 3600
    /// A personal API token that never expires and has every scope; `nil` for none.
    public var apiToken: String?
    public var administrations = [Administration(id: "318440553870706657", name: "Koppel Demo B.V.")]
    public var faults = FaultSettings()
    /// Where invoice VAT is rounded; see `VATRounding` and docs/moneybird-arithmetic.md.
    public var vatRounding = VATRounding.perRate

    public init(databasePath: String) {
        self.databasePath = databasePath
    }
}
