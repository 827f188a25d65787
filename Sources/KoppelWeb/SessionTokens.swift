import Crypto
import Foundation

/// The random values of a session and how the cookie carries one.
enum SessionTokens {
    static let cookieName = "koppel_session"

    /// 32 random bytes, base64url without padding: the cookie value or a CSRF token.
    static func random() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// What the store keeps of a cookie value: its SHA-256, so that a copied database opens no session.
    static func storedHash(of cookie: String) -> Data {
        Data(SHA256.hash(data: Data(cookie.utf8)))
    }

    /// The cookie is for the dashboard's API only, never readable by scripts, never sent over
    /// plain HTTP or from another site. Its lifetime is the server's to decide (idle and absolute expiry).
    static func setCookie(_ value: String) -> String {
        "\(cookieName)=\(value); Path=/app; HttpOnly; Secure; SameSite=Strict"
    }

    static let clearCookie = "\(cookieName)=; Path=/app; HttpOnly; Secure; SameSite=Strict; Max-Age=0"
}
