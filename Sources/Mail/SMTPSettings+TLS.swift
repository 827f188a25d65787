/// Credentials go over TLS only. Without TLS, `AUTH PLAIN` and `AUTH LOGIN` carry the user name
/// and password merely base64-encoded (RFC 4616, section 6: PLAIN only with data security
/// protection), and a man in the middle who deletes STARTTLS from the server's EHLO reply makes a
/// client that only tries STARTTLS go on without it (RFC 3207, section 6); libcurl's
/// `CURLUSESSL_TRY` is such a client ("try using SSL, proceed anyway otherwise", CURLOPT_USE_SSL).
extension SMTPSettings {
    /// Whether a user name or password goes along.
    public var hasCredentials: Bool { username != nil || password != nil }

    /// `smtps://`: TLS from the first byte, whatever `security` says.
    public var isImplicitTLS: Bool { url.lowercased().hasPrefix("smtps://") }

    /// How a delivery uses STARTTLS: "when offered" is read as "required" when credentials go
    /// along, for settings stored before that was the rule too.
    public var effectiveSecurity: Security {
        security == .startTLSWhenOffered && hasCredentials ? .startTLSRequired : security
    }

    /// Credentials that would go out without TLS: refused before any connection is made.
    public var sendsCredentialsInTheClear: Bool {
        hasCredentials && effectiveSecurity == .none && !isImplicitTLS
    }
}
