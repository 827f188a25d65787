import Foundation

/// A strict check of JSON text before any decoder reads it: exactly the grammar of RFC 8259, in
/// UTF-8, and nothing two readers could take differently.
///
/// Refused beyond the grammar: a key twice in one object (RFC 8259 §4 leaves the outcome open:
/// Foundation keeps the first, PHP and Python the last; keys equal as Swift strings, which
/// compares them by canonical equivalence, count as the same key, since a Swift dictionary would
/// merge them); a `\u` escape of half a surrogate pair (§8.2: "unpredictable"); a byte order mark
/// (§8.1 lets a reader ignore it, so readers differ); numbers whose magnitude is 1e301 or more, or
/// below 1e-300 and not 0 (§6 lets a reader limit the range; doubles overflow to infinity or round
/// to 0 there, and readers differ on which); more than `maximumDepth` nested arrays and objects.
///
/// One pass, no allocation for objects of up to `linearKeyLimit` keys; meant for every push body.
public enum StrictJSON {
    public static let maximumDepth = 64
    /// The decimal exponent of a nonzero number's first digit lies within -smallestExponent...largestExponent.
    public static let smallestExponent = 300
    public static let largestExponent = 300
    /// Up to this many keys an object's keys are compared one by one; beyond it through a set.
    static let linearKeyLimit = 32

    public static func validate(_ data: Data) throws(JSONSyntaxError) {
        let outcome = data.withUnsafeBytes { raw in
            var scanner = Scanner(bytes: raw.bindMemory(to: UInt8.self))
            return Result { () throws(JSONSyntaxError) in try scanner.document() }
        }
        try outcome.get()
    }

    public static func validate(_ bytes: UnsafeRawBufferPointer) throws(JSONSyntaxError) {
        var scanner = Scanner(bytes: bytes.bindMemory(to: UInt8.self))
        try scanner.document()
    }
}

/// The byte values the scanner looks for.
private enum Byte {
    static let quote = UInt8(ascii: "\""), backslash = UInt8(ascii: "\\"), slash = UInt8(ascii: "/")
    static let comma = UInt8(ascii: ","), colon = UInt8(ascii: ":")
    static let openBrace = UInt8(ascii: "{"), closeBrace = UInt8(ascii: "}")
    static let openBracket = UInt8(ascii: "["), closeBracket = UInt8(ascii: "]")
    static let minus = UInt8(ascii: "-"), plus = UInt8(ascii: "+"), dot = UInt8(ascii: ".")
    static let zero = UInt8(ascii: "0"), nine = UInt8(ascii: "9")
}

struct Scanner {
    let bytes: UnsafeBufferPointer<UInt8>
    var index = 0
    /// The keys read so far of every object being read, innermost object last.
    var keys: [KeySpan] = []

    init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    mutating func document() throws(JSONSyntaxError) {
        guard !bytes.isEmpty else { throw JSONSyntaxError(.empty, at: 0) }
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF {
            throw JSONSyntaxError(.byteOrderMark, at: 0)
        }
        try value(depth: 0)
        skipWhitespace()
        guard index == bytes.count else {
            throw JSONSyntaxError(bytes[index] == Byte.slash ? .comment : .trailingContent, at: index)
        }
    }

    private mutating func value(depth: Int) throws(JSONSyntaxError) {
        skipWhitespace()
        guard index < bytes.count else { throw JSONSyntaxError(.unexpectedEnd, at: index) }
        switch bytes[index] {
        case Byte.openBrace: try object(depth: depth + 1)
        case Byte.openBracket: try array(depth: depth + 1)
        case Byte.quote: _ = try string()
        case Byte.minus, Byte.zero...Byte.nine: try number()
        case UInt8(ascii: "t"): try literal("true")
        case UInt8(ascii: "f"): try literal("false")
        case UInt8(ascii: "n"): try literal("null")
        default:
            if startsWith("NaN") || startsWith("Infinity") { throw JSONSyntaxError(.nonFiniteNumber, at: index) }
            throw unexpected("a JSON value")
        }
    }

    private mutating func object(depth: Int) throws(JSONSyntaxError) {
        guard depth <= StrictJSON.maximumDepth else { throw JSONSyntaxError(.tooDeep, at: index) }
        index += 1
        let firstKey = keys.count
        var manyKeys: Set<String>? = nil
        skipWhitespace()
        if at(Byte.closeBrace) {
            index += 1
            return
        }
        while true {
            guard at(Byte.quote) else { throw unexpected("a key in double quotes") }
            let keyStart = index
            let key = try string()
            if !isNew(key, firstKey: firstKey, manyKeys: &manyKeys) {
                throw JSONSyntaxError(.duplicateKey, at: keyStart).within(.key(shortText(of: key)))
            }
            skipWhitespace()
            guard at(Byte.colon) else { throw unexpected("':' after the key") }
            index += 1
            do {
                try value(depth: depth)
            } catch {
                throw error.within(.key(shortText(of: key)))
            }
            skipWhitespace()
            if at(Byte.closeBrace) {
                index += 1
                keys.removeSubrange(firstKey...)
                return
            }
            guard at(Byte.comma) else { throw unexpected("',' or '}'") }
            let comma = index
            index += 1
            skipWhitespace()
            if at(Byte.closeBrace) { throw JSONSyntaxError(.trailingComma, at: comma) }
        }
    }

    private mutating func array(depth: Int) throws(JSONSyntaxError) {
        guard depth <= StrictJSON.maximumDepth else { throw JSONSyntaxError(.tooDeep, at: index) }
        index += 1
        skipWhitespace()
        if at(Byte.closeBracket) {
            index += 1
            return
        }
        var position = 0
        while true {
            do {
                try value(depth: depth)
            } catch {
                throw error.within(.index(position))
            }
            skipWhitespace()
            if at(Byte.closeBracket) {
                index += 1
                return
            }
            guard at(Byte.comma) else { throw unexpected("',' or ']'") }
            let comma = index
            index += 1
            skipWhitespace()
            if at(Byte.closeBracket) { throw JSONSyntaxError(.trailingComma, at: comma) }
            position += 1
        }
    }

    /// A string from its opening quote; the span of its content, still escaped.
    private mutating func string() throws(JSONSyntaxError) -> KeySpan {
        let opening = index
        index += 1
        let start = index
        var plain = true
        while index < bytes.count {
            let byte = bytes[index]
            if byte >= 0x20, byte < 0x80, byte != Byte.quote, byte != Byte.backslash {
                index += 1
            } else if byte == Byte.quote {
                index += 1
                return KeySpan(start: start, end: index - 1, plain: plain)
            } else if byte == Byte.backslash {
                plain = false
                try escape()
            } else if byte < 0x20 {
                throw JSONSyntaxError(.controlCharacter, at: index)
            } else {
                plain = false
                try multibyteCharacter()
            }
        }
        throw JSONSyntaxError(.unexpectedEnd, at: opening)
    }

    /// `\"`, `\\`, `\/`, `\b`, `\f`, `\n`, `\r`, `\t` or `\uXXXX`, a surrogate pair as two of them.
    private mutating func escape() throws(JSONSyntaxError) {
        let start = index
        guard index + 1 < bytes.count else { throw JSONSyntaxError(.unexpectedEnd, at: start) }
        switch bytes[index + 1] {
        case Byte.quote, Byte.backslash, Byte.slash, UInt8(ascii: "b"), UInt8(ascii: "f"), UInt8(ascii: "n"),
            UInt8(ascii: "r"), UInt8(ascii: "t"):
            index += 2
        case UInt8(ascii: "u"):
            guard let unit = hexUnit(at: index + 2) else { throw JSONSyntaxError(.invalidEscape, at: start) }
            index += 6
            if (0xDC00...0xDFFF).contains(unit) { throw JSONSyntaxError(.unpairedSurrogate, at: start) }
            if (0xD800...0xDBFF).contains(unit) {
                guard at(Byte.backslash), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "u"),
                    let low = hexUnit(at: index + 2), (0xDC00...0xDFFF).contains(low)
                else { throw JSONSyntaxError(.unpairedSurrogate, at: start) }
                index += 6
            }
        default:
            throw JSONSyntaxError(.invalidEscape, at: start)
        }
    }

    /// The four hex digits of a `\u` escape at `position`.
    func hexUnit(at position: Int) -> UInt16? {
        guard position + 4 <= bytes.count else { return nil }
        var unit: UInt16 = 0
        for offset in 0..<4 {
            let byte = bytes[position + offset]
            let digit: UInt8
            switch byte {
            case Byte.zero...Byte.nine: digit = byte - Byte.zero
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: return nil
            }
            unit = unit << 4 | UInt16(digit)
        }
        return unit
    }

    /// One well-formed UTF-8 sequence of 2 to 4 bytes (The Unicode Standard, table 3-7): no
    /// overlong forms, no surrogates, nothing above U+10FFFF.
    private mutating func multibyteCharacter() throws(JSONSyntaxError) {
        let lead = bytes[index]
        var length = 3
        var secondLow: UInt8 = 0x80
        var secondHigh: UInt8 = 0xBF
        switch lead {
        case 0xC2...0xDF: length = 2
        case 0xE0: secondLow = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: break
        case 0xED: secondHigh = 0x9F
        case 0xF0: length = 4; secondLow = 0x90
        case 0xF1...0xF3: length = 4
        case 0xF4: length = 4; secondHigh = 0x8F
        default: throw JSONSyntaxError(.invalidUTF8, at: index)
        }
        guard index + length <= bytes.count, (secondLow...secondHigh).contains(bytes[index + 1]) else {
            throw JSONSyntaxError(.invalidUTF8, at: index)
        }
        for offset in 2..<length where bytes[index + offset] & 0xC0 != 0x80 {
            throw JSONSyntaxError(.invalidUTF8, at: index)
        }
        index += length
    }

    /// `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?` with its magnitude within the limits.
    private mutating func number() throws(JSONSyntaxError) {
        let start = index
        if at(Byte.minus) { index += 1 }
        guard index < bytes.count, isDigit(bytes[index]) else {
            if startsWith("Infinity") { throw JSONSyntaxError(.nonFiniteNumber, at: start) }
            throw JSONSyntaxError(index < bytes.count ? .incompleteNumber : .unexpectedEnd, at: start)
        }
        // The decimal exponent of the first nonzero digit, nil while only zeros were read.
        var leadingExponent: Int? = nil
        if bytes[index] == Byte.zero {
            index += 1
            if index < bytes.count, isDigit(bytes[index]) { throw JSONSyntaxError(.leadingZero, at: start) }
        } else {
            let digits = index
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
            leadingExponent = index - digits - 1
        }
        if at(Byte.dot) {
            index += 1
            let digits = index
            while index < bytes.count, isDigit(bytes[index]) {
                if leadingExponent == nil, bytes[index] != Byte.zero { leadingExponent = digits - index - 1 }
                index += 1
            }
            guard index > digits else { throw incompleteNumber(from: start) }
        }
        if at(UInt8(ascii: "e")) || at(UInt8(ascii: "E")) {
            index += 1
            var negative = false
            if at(Byte.plus) || at(Byte.minus) {
                negative = bytes[index] == Byte.minus
                index += 1
            }
            let digits = index
            var exponent = 0
            while index < bytes.count, isDigit(bytes[index]) {
                // Saturates far beyond any limit, so a million digits cannot overflow it.
                if exponent < 1_000_000 { exponent = exponent * 10 + Int(bytes[index] - Byte.zero) }
                index += 1
            }
            guard index > digits else { throw incompleteNumber(from: start) }
            leadingExponent = leadingExponent.map { negative ? $0 - exponent : $0 + exponent }
        }
        if let leadingExponent,
            leadingExponent < -StrictJSON.smallestExponent || leadingExponent > StrictJSON.largestExponent
        {
            throw JSONSyntaxError(.numberOutOfRange, at: start)
        }
    }

    private func incompleteNumber(from start: Int) -> JSONSyntaxError {
        JSONSyntaxError(index < bytes.count ? .incompleteNumber : .unexpectedEnd, at: start)
    }

    private mutating func literal(_ word: StaticString) throws(JSONSyntaxError) {
        guard startsWith(word) else { throw unexpected("true, false or null") }
        index += word.utf8CodeUnitCount
    }

    private mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x0A, 0x0D, 0x09: index += 1
            default: return
            }
        }
    }

    private func at(_ byte: UInt8) -> Bool {
        index < bytes.count && bytes[index] == byte
    }

    private func startsWith(_ word: StaticString) -> Bool {
        let count = word.utf8CodeUnitCount
        guard index + count <= bytes.count else { return false }
        let expected = UnsafeBufferPointer(start: word.utf8Start, count: count)
        for offset in 0..<count where bytes[index + offset] != expected[offset] { return false }
        return true
    }

    private func isDigit(_ byte: UInt8) -> Bool {
        byte >= Byte.zero && byte <= Byte.nine
    }

    /// "expected …" where something else stands, or the end where nothing does.
    private func unexpected(_ what: String) -> JSONSyntaxError {
        guard index < bytes.count else { return JSONSyntaxError(.unexpectedEnd, at: index) }
        return JSONSyntaxError(bytes[index] == Byte.slash ? .comment : .expected(what), at: index)
    }
}
