import Foundation

/// Transfer encodings for message bodies. Both produce lines of at most 76 characters ending in
/// CRLF and only visible ASCII, which every SMTP server carries unchanged.
enum MIMEBodyEncoding {
    static let lineLimit = 76

    /// Quoted-printable UTF-8 (RFC 2045 6.7). Line ends of any kind become CRLF; long lines get
    /// soft breaks. A line that would start with "." is encoded as =2E so no relay sees a lone dot.
    static func quotedPrintable(_ text: String) -> String {
        let normalized = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        let lines = normalized.split(separator: "\n", omittingEmptySubsequences: false)
        return lines.map { encodeLine(Array($0.utf8)) }.joined(separator: "\r\n")
    }

    /// Base64 in lines of 76 characters, separated by CRLF (no line end after the last).
    static func base64Lines(_ data: Data) -> String {
        let encoded = data.base64EncodedString()
        var lines: [Substring] = []
        var start = encoded.startIndex
        while start < encoded.endIndex {
            let end = encoded.index(start, offsetBy: lineLimit, limitedBy: encoded.endIndex) ?? encoded.endIndex
            lines.append(encoded[start..<end])
            start = end
        }
        return lines.joined(separator: "\r\n")
    }

    private static func encodeLine(_ bytes: [UInt8]) -> String {
        var physical: [String] = []
        var current = ""
        for (index, byte) in bytes.enumerated() {
            let isLast = index == bytes.count - 1
            var token = token(for: byte, atLineEnd: isLast)
            // A soft break leaves "=" as the 76th character at most.
            if current.utf8.count + token.utf8.count > lineLimit - 1 {
                physical.append(current + "=")
                current = ""
            }
            if current.isEmpty, byte == UInt8(ascii: ".") { token = "=2E" }
            current += token
        }
        physical.append(current)
        return physical.joined(separator: "\r\n")
    }

    /// Trailing spaces and tabs are encoded: transports strip them.
    private static func token(for byte: UInt8, atLineEnd: Bool) -> String {
        switch byte {
        case UInt8(ascii: " "), UInt8(ascii: "\t"):
            atLineEnd ? "=" + hex(byte) : String(UnicodeScalar(byte))
        case 33...126 where byte != UInt8(ascii: "="):
            String(UnicodeScalar(byte))
        default:
            "=" + hex(byte)
        }
    }

    private static let hexDigits = Array("0123456789ABCDEF".unicodeScalars)

    /// Two upper-case hex digits, without a trip through `String(format:)` for every byte.
    static func hex(_ byte: UInt8) -> String {
        String(hexDigits[Int(byte >> 4)]) + String(hexDigits[Int(byte & 0x0F)])
    }
}
