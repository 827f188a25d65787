/// Where and with what koppel reads a Mijnwebwinkel shop.
public struct MijnwebwinkelAccess: Sendable {
    /// `https://api.myonlinestore.com` [SPEC `servers`]; the sandbox's address in tests and the demo.
    public var baseURL: String
    /// The merchant's store token (Settings → API → Add new token) [SPEC `securitySchemes`].
    public var storeToken: String
    /// koppel's partner token, issued when the application is registered [SPEC `securitySchemes`].
    public var partnerToken: String
    /// `1` (stable, default) [SPEC].
    public var version = "1"
    /// Whole transfer, in seconds.
    public var timeout = 30
    /// How long one request may wait for the rate limit, all its 429s together, before it fails with
    /// `rateLimited`, in seconds.
    public var longestWait: Int64 = 120

    public static let liveBaseURL = "https://api.myonlinestore.com"

    public init(baseURL: String = MijnwebwinkelAccess.liveBaseURL, storeToken: String, partnerToken: String) {
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.storeToken = storeToken
        self.partnerToken = partnerToken
    }
}
