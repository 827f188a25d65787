/// Where and how to hand mail over: an SMTP server, its credentials and how TLS is used.
/// `description`, `debugDescription` and `dump` show the password as `<redacted>`; only `Codable`
/// carries it, so that settings can be stored.
public struct SMTPSettings: Sendable, Codable, Equatable {
    /// How TLS is used on an `smtp://` URL. An `smtps://` URL is TLS from the first byte.
    public enum Security: String, Sendable, Codable, Equatable {
        /// STARTTLS when the server offers it, plain text otherwise; with credentials, the same as
        /// `startTLSRequired` (`SMTPSettings+TLS.swift`).
        case startTLSWhenOffered
        /// STARTTLS or no mail: fails when the server does not offer it.
        case startTLSRequired
        /// Never TLS (a relay on the same machine); refused with credentials.
        case none
    }

    /// `smtp://host:port` or `smtps://host:port`.
    public var url: String
    public var username: String?
    public var password: String?
    public var security: Security
    /// A PEM file with the certificates that may sign the server's certificate, instead of the system's.
    public var caFile: String?
    /// The whole delivery, connecting included, in seconds.
    public var timeout: Int
    /// The name given in EHLO; libcurl's default is this machine's host name.
    public var heloName: String?

    public init(
        url: String, username: String? = nil, password: String? = nil, security: Security = .startTLSWhenOffered,
        caFile: String? = nil, timeout: Int = 60, heloName: String? = nil
    ) {
        self.url = url
        self.username = username
        self.password = password
        self.security = security
        self.caFile = caFile
        self.timeout = timeout
        self.heloName = heloName
    }

    private enum CodingKeys: String, CodingKey {
        case url, username, password, security, caFile, timeout, heloName
    }

    /// Only `url` is required; the rest takes the defaults of `init`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            url: try container.decode(String.self, forKey: .url),
            username: try container.decodeIfPresent(String.self, forKey: .username),
            password: try container.decodeIfPresent(String.self, forKey: .password),
            security: try container.decodeIfPresent(Security.self, forKey: .security) ?? .startTLSWhenOffered,
            caFile: try container.decodeIfPresent(String.self, forKey: .caFile),
            timeout: try container.decodeIfPresent(Int.self, forKey: .timeout) ?? 60,
            heloName: try container.decodeIfPresent(String.self, forKey: .heloName)
        )
    }
}

extension SMTPSettings: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public var description: String {
        var fields = ["url: \(url)"]
        if let username { fields.append("username: \(username)") }
        if password != nil { fields.append("password: <redacted>") }
        fields.append("security: \(security.rawValue)")
        if let caFile { fields.append("caFile: \(caFile)") }
        fields.append("timeout: \(timeout)")
        if let heloName { fields.append("heloName: \(heloName)") }
        return "SMTPSettings(\(fields.joined(separator: ", ")))"
    }

    public var debugDescription: String { description }

    /// What `dump` and the debugger show: the password redacted.
    public var customMirror: Mirror {
        Mirror(
            self,
            children: [
                "url": url, "username": username as Any, "password": password == nil ? "nil" : "<redacted>",
                "security": security, "caFile": caFile as Any, "timeout": timeout, "heloName": heloName as Any,
            ],
            displayStyle: .struct
        )
    }
}
