import Crypto
import Foundation

/// The v1 request signature of the push protocol (docs/protocol.md).
///
/// `hex(HMAC-SHA256(apiKey, timestamp + "\n" + METHOD + "\n" + path + "\n" + hex(SHA-256(body))))`,
/// sent as `X-Koppel-Signature: v1=<hex>`. The body enters as its digest so that the signed text
/// stays small and a proxy cannot swap the body while keeping the headers.
public enum RequestSignature {
    public static let headerPrefix = "v1="

    /// The text that is signed.
    public static func canonicalText(timestamp: String, method: String, path: String, body: some DataProtocol) -> String {
        let bodyDigest = SHA256.hash(data: body).hexString
        return timestamp + "\n" + method.uppercased() + "\n" + path + "\n" + bodyDigest
    }

    /// The header value `v1=<64 hex digits>` for a request.
    public static func sign(apiKey: String, timestamp: String, method: String, path: String, body: some DataProtocol) -> String {
        let text = canonicalText(timestamp: timestamp, method: method, path: path, body: body)
        let mac = HMAC<SHA256>.authenticationCode(for: Data(text.utf8), using: SymmetricKey(data: Data(apiKey.utf8)))
        return headerPrefix + Data(mac).hexString
    }

    /// Whether `header` is the signature of the request under `apiKey`, compared in constant time.
    public static func isValid(
        header: String, apiKey: String, timestamp: String, method: String, path: String, body: some DataProtocol
    ) -> Bool {
        let expected = sign(apiKey: apiKey, timestamp: timestamp, method: method, path: path, body: body)
        return constantTimeEquals(Array(expected.utf8), Array(header.utf8))
    }
}

/// Compares two byte strings without stopping at the first difference, so the time taken does
/// not tell an attacker how many leading bytes of a guess were right.
public func constantTimeEquals(_ lhs: [UInt8], _ rhs: [UInt8]) -> Bool {
    var difference = UInt8(truncatingIfNeeded: lhs.count ^ rhs.count)
    let count = max(lhs.count, rhs.count)
    for index in 0..<count {
        let left = index < lhs.count ? lhs[index] : 0
        let right = index < rhs.count ? rhs[index] : 0
        difference |= left ^ right
    }
    return difference == 0
}

extension Sequence where Element == UInt8 {
    /// Lower-case hexadecimal, two digits a byte.
    public var hexString: String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(underestimatedCount * 2)
        for byte in self {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}

extension RequestSignature {
    /// The three authentication headers for a request to `path` (with query, as sent).
    public static func headers(
        license: String, apiKey: String, method: String, path: String, body: some DataProtocol, timestamp: Int64
    ) -> [(name: String, value: String)] {
        let stamp = String(timestamp)
        return [
            ("X-Koppel-License", license),
            ("X-Koppel-Timestamp", stamp),
            ("X-Koppel-Signature", sign(apiKey: apiKey, timestamp: stamp, method: method, path: path, body: body)),
        ]
    }
}
