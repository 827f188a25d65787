import Foundation

/// A rendered message taken apart the way a reader of the raw bytes would, for checks that do
/// not trust the writer's own encoders.
struct RenderedMail {
    let raw: String
    /// Header lines as sent, continuation lines included.
    let headerLines: [String]
    let body: String

    init(_ data: Data) {
        raw = String(decoding: data, as: UTF8.self)
        let split = raw.range(of: "\r\n\r\n")!
        headerLines = raw[..<split.lowerBound].components(separatedBy: "\r\n")
        body = String(raw[split.upperBound...])
    }

    /// Header fields unfolded: name and value.
    var headers: [(name: String, value: String)] {
        var fields: [(name: String, value: String)] = []
        for line in headerLines {
            if line.hasPrefix(" ") || line.hasPrefix("\t") {
                fields[fields.count - 1].value += line
            } else if let colon = line.firstIndex(of: ":") {
                fields.append(
                    (
                        String(line[..<colon]),
                        String(line[line.index(after: colon)...]).trimmingCharacters(in: .whitespaces)
                    ))
            } else {
                fields.append((line, ""))
            }
        }
        return fields
    }

    func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }

    /// Every line ends in CRLF: no CR or LF stands alone.
    var hasOnlyCRLFLineEnds: Bool {
        let bytes = Array(raw.utf8)
        for (index, byte) in bytes.enumerated() {
            if byte == 0x0D, index + 1 >= bytes.count || bytes[index + 1] != 0x0A { return false }
            if byte == 0x0A, index == 0 || bytes[index - 1] != 0x0D { return false }
        }
        return raw.hasSuffix("\r\n")
    }

    var lines: [String] { raw.components(separatedBy: "\r\n") }
}

/// Independent decoders for what the writer encodes.
enum Decode {
    /// RFC 2047 B encoded-words, the whitespace between adjacent ones dropped.
    static func encodedWords(_ value: String) -> String {
        let pattern = try! NSRegularExpression(
            pattern: #"=\?utf-8\?B\?([A-Za-z0-9+/=]*)\?=(\s+(?==\?))?"#, options: [.caseInsensitive])
        var result = ""
        var last = value.startIndex
        for match in pattern.matches(in: value, range: NSRange(value.startIndex..., in: value)) {
            let whole = Range(match.range, in: value)!
            result += value[last..<whole.lowerBound]
            let encoded = String(value[Range(match.range(at: 1), in: value)!])
            result += String(decoding: Data(base64Encoded: encoded) ?? Data(), as: UTF8.self)
            last = whole.upperBound
        }
        return result + value[last...]
    }

    /// Quoted-printable with soft breaks, as bytes.
    static func quotedPrintable(_ encoded: String) -> Data {
        var out = Data()
        let bytes = Array(encoded.utf8)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "=") {
                if index + 2 < bytes.count, bytes[index + 1] == 0x0D, bytes[index + 2] == 0x0A {
                    index += 3
                    continue
                }
                // Malformed input is kept as it is, so the comparison after this fails visibly.
                let hex = String(decoding: bytes[(index + 1)..<min(index + 3, bytes.count)], as: UTF8.self)
                guard hex.utf8.count == 2, let value = UInt8(hex, radix: 16) else {
                    out.append(byte)
                    index += 1
                    continue
                }
                out.append(value)
                index += 3
            } else {
                out.append(byte)
                index += 1
            }
        }
        return out
    }
}
