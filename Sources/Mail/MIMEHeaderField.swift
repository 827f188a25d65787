import Foundation

/// Header fields built from tokens and folded between them, so that lines stay under 78 characters
/// where the content allows. Text from the caller never reaches a header raw unless it is plain
/// visible ASCII: everything else becomes RFC 2047 encoded-words or RFC 2231 parameters, so a CR
/// or LF in a subject, name or filename can never start a header of its own.
enum MIMEHeaderField {
    static let lineLimit = 78
    /// UTF-8 bytes in one encoded-word: 48 base64 characters, 60 with `=?utf-8?B?...?=`, so one
    /// fits behind "Subject: " and any continuation line.
    private static let encodedWordBytes = 36
    /// A quoted parameter, `name="value"`, this long at most, fits on a continuation line.
    private static let quotedParameterLimit = 60

    /// `Name: token token ...` with CRLF line ends, folded before a token that would not fit.
    static func fold(_ name: String, _ tokens: [String]) -> String {
        var lines: [String] = []
        var line = name + ":"
        var lineHasToken = false
        for token in tokens {
            if lineHasToken, line.utf8.count + 1 + token.utf8.count > lineLimit {
                lines.append(line)
                line = " " + token
            } else {
                line += " " + token
            }
            lineHasToken = true
        }
        lines.append(line)
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    /// Free text (a subject): words as they are when visible ASCII, else encoded-words.
    static func text(_ value: String) -> [String] {
        let clean = singleLine(value)
        let words = clean.split(separator: " ").map(String.init)
        if isPlainASCII(clean), words.allSatisfy({ $0.utf8.count <= lineLimit - 10 }) { return words }
        return encodedWords(clean)
    }

    /// `"Name" <address>` or `address`, separated by commas.
    static func addresses(_ list: [MailAddress]) -> [String] {
        var tokens: [String] = []
        for (index, address) in list.enumerated() {
            let comma = index < list.count - 1 ? "," : ""
            let name = singleLine(address.name ?? "")
            if name.isEmpty {
                tokens.append(address.address + comma)
                continue
            }
            let escaped = name.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            let quoted = "\"\(escaped)\""
            // A quoted name is one token that folding cannot break: a long one is encoded instead.
            if isPlainASCII(name), quoted.utf8.count <= lineLimit - 10 {
                tokens.append(quoted)
            } else {
                tokens += encodedWords(name)
            }
            tokens.append("<\(address.address)>" + comma)
        }
        return tokens
    }

    /// A parameter such as `filename`: quoted when it is short visible ASCII, else RFC 2231
    /// (`filename*=utf-8''...`, split into `filename*0*`, `filename*1*` when long).
    static func parameter(_ name: String, _ value: String) -> [String] {
        let clean = String(String.UnicodeScalarView(value.unicodeScalars.filter { !isControl($0) }))
        let quotable = clean.unicodeScalars.allSatisfy {
            $0.value >= 0x20 && $0.value < 0x7F && $0 != "\"" && $0 != "\\"
        }
        if quotable, name.utf8.count + clean.utf8.count + 3 <= quotedParameterLimit { return ["\(name)=\"\(clean)\""] }

        // " name*0*=utf-8''" before a chunk and ";" after it stay within the line limit.
        let chunkLimit = lineLimit - 13 - name.utf8.count - 1
        var chunks: [String] = [""]
        for byte in clean.utf8 {
            let piece = isAttributeChar(byte) ? String(UnicodeScalar(byte)) : "%" + MIMEBodyEncoding.hex(byte)
            if chunks[chunks.count - 1].utf8.count + piece.utf8.count > chunkLimit { chunks.append("") }
            chunks[chunks.count - 1] += piece
        }
        if chunks.count == 1 { return ["\(name)*=utf-8''\(chunks[0])"] }
        return chunks.enumerated().map { index, chunk in
            index == 0 ? "\(name)*0*=utf-8''\(chunk)" : "\(name)*\(index)*=\(chunk)"
        }
    }

    /// Joins header values and parameters with `;`, the way Content-Type and Content-Disposition want them.
    static func withParameters(_ value: String, _ parameters: [[String]]) -> [String] {
        var tokens = [value]
        for parameter in parameters.flatMap({ $0 }) {
            tokens[tokens.count - 1] += ";"
            tokens.append(parameter)
        }
        return tokens
    }

    /// One line of text: control characters and line separators become spaces, runs of spaces one.
    static func singleLine(_ value: String) -> String {
        let spaced = value.unicodeScalars.map { isControl($0) || $0.properties.isWhitespace ? " " : String($0) }
            .joined()
        return spaced.split(separator: " ").joined(separator: " ")
    }

    /// Visible ASCII and spaces, and nothing a decoder would mistake for an encoded-word.
    static func isPlainASCII(_ value: String) -> Bool {
        value.unicodeScalars.allSatisfy { $0.value >= 0x20 && $0.value < 0x7F } && !value.contains("=?")
    }

    /// `=?utf-8?B?...?=` words, each a whole number of characters (RFC 2047 forbids splitting one).
    /// A character too long for one word (a letter under dozens of combining marks) is split
    /// between its code points: RFC 2047 section 5 means the charset's characters, and UTF-8
    /// encodes code points; a word over 75 characters would break the header's lines.
    static func encodedWords(_ value: String) -> [String] {
        var chunks: [[UInt8]] = []
        var chunk: [UInt8] = []
        for character in value {
            let whole = Array(character.utf8)
            let pieces =
                whole.count <= encodedWordBytes ? [whole] : character.unicodeScalars.map { Array(String($0).utf8) }
            for bytes in pieces {
                if !chunk.isEmpty, chunk.count + bytes.count > encodedWordBytes {
                    chunks.append(chunk)
                    chunk = []
                }
                chunk += bytes
            }
        }
        if !chunk.isEmpty { chunks.append(chunk) }
        return chunks.map { "=?utf-8?B?\(Data($0).base64EncodedString())?=" }
    }

    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.generalCategory == .control || scalar == "\u{2028}" || scalar == "\u{2029}"
    }

    /// RFC 2231 attribute-char: what may stand unencoded in an extended parameter value.
    private static func isAttributeChar(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"):
            true
        default:
            "!#$&+-.^_`|~".utf8.contains(byte)
        }
    }
}
