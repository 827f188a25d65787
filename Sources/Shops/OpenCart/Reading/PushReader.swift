/// A cursor over a push body that `StrictJSON` has already accepted: the grammar, the UTF-8, the
/// escapes and the uniqueness of keys are known good, so reading never checks them again and never
/// fails on syntax. What it can find is a value of the wrong kind, which it throws as a `ReadFailure`.
struct PushReader {
    let bytes: UnsafeBufferPointer<UInt8>
    var index = 0

    init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    /// What the next value is, from its first byte.
    enum Kind {
        case object, array, string, number, bool, null
    }

    mutating func kind() -> Kind {
        skipWhitespace()
        switch bytes[index] {
        case Byte.openBrace: return .object
        case Byte.openBracket: return .array
        case Byte.quote: return .string
        case UInt8(ascii: "n"): return .null
        case UInt8(ascii: "t"), UInt8(ascii: "f"): return .bool
        default: return .number
        }
    }

    /// Steps over `null` when it stands next; whether it did.
    mutating func skipNull() -> Bool {
        guard kind() == .null else { return false }
        index += 4
        return true
    }

    mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x0A, 0x0D, 0x09: index += 1
            default: return
            }
        }
    }

    /// Steps over the next value, whatever it holds.
    mutating func skipValue() {
        switch kind() {
        case .string: _ = stringSpan()
        case .null: index += 4
        case .bool: index += bytes[index] == UInt8(ascii: "t") ? 4 : 5
        case .number: _ = numberSpan()
        case .object, .array:
            var depth = 0
            repeat {
                switch bytes[index] {
                case Byte.openBrace, Byte.openBracket: depth += 1; index += 1
                case Byte.closeBrace, Byte.closeBracket: depth -= 1; index += 1
                case Byte.quote: _ = stringSpan()
                default: index += 1
                }
            } while depth > 0
        }
    }

    /// The content of the string that starts here, still escaped, and whether it holds an escape.
    mutating func stringSpan() -> (range: Range<Int>, escaped: Bool) {
        index += 1
        let start = index
        var escaped = false
        while true {
            let byte = bytes[index]
            if byte == Byte.quote { break }
            if byte == Byte.backslash {
                escaped = true
                index += 2
            } else {
                index += 1
            }
        }
        index += 1
        return (start..<index - 1, escaped)
    }

    /// The text of a number literal that starts here.
    mutating func numberSpan() -> Range<Int> {
        let start = index
        while index < bytes.count {
            switch bytes[index] {
            case Byte.zero...Byte.nine, Byte.minus, Byte.plus, Byte.dot, UInt8(ascii: "e"), UInt8(ascii: "E"):
                index += 1
            default: return start..<index
            }
        }
        return start..<index
    }

    /// Moves past `{` or `[`; false when the container is empty (and moves past its end too).
    mutating func enterContainer() -> Bool {
        index += 1
        skipWhitespace()
        if bytes[index] == Byte.closeBrace || bytes[index] == Byte.closeBracket {
            index += 1
            return false
        }
        return true
    }

    /// After a member or an element: true when another follows (the comma is passed), false at the end.
    mutating func nextInContainer() -> Bool {
        skipWhitespace()
        let byte = bytes[index]
        index += 1
        return byte == Byte.comma
    }

    /// Moves past the `:` after a key.
    mutating func skipColon() {
        skipWhitespace()
        index += 1
    }
}

/// The byte values the reader looks for.
enum Byte {
    static let quote = UInt8(ascii: "\""), backslash = UInt8(ascii: "\\"), comma = UInt8(ascii: ",")
    static let openBrace = UInt8(ascii: "{"), closeBrace = UInt8(ascii: "}")
    static let openBracket = UInt8(ascii: "["), closeBracket = UInt8(ascii: "]")
    static let minus = UInt8(ascii: "-"), plus = UInt8(ascii: "+"), dot = UInt8(ascii: ".")
    static let zero = UInt8(ascii: "0"), nine = UInt8(ascii: "9")
}
