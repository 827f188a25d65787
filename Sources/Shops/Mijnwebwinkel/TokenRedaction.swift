import Foundation

/// Keeps the store and partner tokens out of every log line and error message: they travel in the URL's
/// query (§1.2), so any text built from a URL or an answer passes through here first.
struct TokenRedaction: Sendable {
    static let mask = "[redacted]"
    let secrets: [String]

    init(_ secrets: [String]) {
        self.secrets = secrets.filter { !$0.isEmpty }.sorted { $0.count > $1.count }
    }

    /// `text` with every token value, and the value of every `token=` and `partner_token=` query parameter,
    /// replaced by the mask.
    func scrub(_ text: String) -> String {
        var result = text
        for secret in secrets {
            result = result.replacingOccurrences(of: secret, with: Self.mask)
            let encoded = TokenRedaction.percentEncoded(secret)
            if encoded != secret { result = result.replacingOccurrences(of: encoded, with: Self.mask) }
        }
        for name in ["partner_token=", "token="] {
            result = Self.maskValues(after: name, in: result)
        }
        return result
    }

    static func percentEncoded(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: queryValueAllowed) ?? text
    }

    private static func maskValues(after name: String, in text: String) -> String {
        var result = ""
        var rest = Substring(text)
        while let range = rest.range(of: name) {
            result += rest[..<range.upperBound]
            rest = rest[range.upperBound...]
            let end = rest.firstIndex { "&# \"'\n".contains($0) } ?? rest.endIndex
            if rest[..<end] != Substring(mask) && !rest[..<end].isEmpty { result += mask } else { result += rest[..<end] }
            rest = rest[end...]
        }
        return result + rest
    }
}

extension TokenRedaction {
    /// Unreserved characters only (RFC 3986): everything else in a token value is percent-encoded.
    static let queryValueAllowed = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
}
