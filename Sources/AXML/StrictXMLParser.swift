/// A small strict XML 1.0 parser for aXML files: elements, attributes, character data, CDATA,
/// comments and the XML declaration. A DOCTYPE, processing instructions and any entity other than
/// the five predefined ones and character references are refused, so nothing in a file can make the
/// parser read other files or expand entities (no XXE, no "billion laughs"). The input must be UTF-8.
///
/// Written here instead of FoundationXML's `XMLParser` (libxml2): that one resolves DTDs and would
/// add a runtime library to every binary that validates a file; this one is a few hundred lines
/// that say exactly what they accept.
struct StrictXMLParser {
    static let maximumDepth = 32

    private let bytes: [UInt8]
    private var index = 0
    private var line = 1
    private var lineStart = 0

    private init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    static func parse(_ bytes: [UInt8]) throws(XMLSyntaxError) -> XMLFile {
        guard String(validating: bytes, as: UTF8.self) != nil else {
            throw XMLSyntaxError(message: "the file is not valid UTF-8", line: 1, column: 1)
        }
        var parser = StrictXMLParser(bytes)
        return try parser.file()
    }

    // MARK: Document

    private mutating func file() throws(XMLSyntaxError) -> XMLFile {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { throw fail("a byte order mark is not allowed") }
        var version: String?
        var encoding: String?
        if starts(with: "<?xml") {
            (version, encoding) = try declaration()
        }
        try misc()
        guard peek == UInt8(ascii: "<") else { throw fail("expected the root element") }
        let root = try element(depth: 1)
        try misc()
        guard index == bytes.count else { throw fail("content after the root element") }
        return XMLFile(version: version, encoding: encoding, root: root)
    }

    /// `<?xml version="1.0" encoding="UTF-8"?>`; standalone is accepted and ignored.
    private mutating func declaration() throws(XMLSyntaxError) -> (String?, String?) {
        index += 5
        var fields: [String: String] = [:]
        while true {
            let hadSpace = skipSpace()
            if starts(with: "?>") { index += 2; break }
            guard hadSpace else { throw fail("expected a space in the XML declaration") }
            let name = try self.name()
            guard ["version", "encoding", "standalone"].contains(name), fields[name] == nil else {
                throw fail("unexpected \"\(name)\" in the XML declaration")
            }
            fields[name] = try attributeValue()
        }
        guard let version = fields["version"] else { throw fail("the XML declaration has no version") }
        guard version == "1.0" else { throw fail("XML version \(version) is not supported") }
        return (version, fields["encoding"])
    }

    /// Whitespace and comments between the top-level parts.
    private mutating func misc() throws(XMLSyntaxError) {
        while true {
            skipSpace()
            if starts(with: "<!--") {
                try comment()
            } else if starts(with: "<!DOCTYPE") || starts(with: "<!doctype") {
                throw fail("a DOCTYPE is not allowed")
            } else if starts(with: "<?") {
                throw fail("processing instructions are not allowed")
            } else {
                return
            }
        }
    }

    // MARK: Elements

    private mutating func element(depth: Int) throws(XMLSyntaxError) -> XMLElement {
        guard depth <= Self.maximumDepth else { throw fail("elements nested deeper than \(Self.maximumDepth)") }
        let (startLine, startColumn) = (line, column)
        index += 1  // <
        let name = try self.name()
        var node = XMLElement(name: name, attributes: [], children: [], text: "", line: startLine, column: startColumn)
        while true {
            let hadSpace = skipSpace()
            if starts(with: "/>") { index += 2; return node }
            if peek == UInt8(ascii: ">") { index += 1; break }
            guard hadSpace else { throw fail("expected a space, \">\" or \"/>\" in the tag of <\(name)>") }
            let attribute = try self.name()
            guard !node.attributes.contains(where: { $0.name == attribute }) else {
                throw fail("attribute \"\(attribute)\" appears twice on <\(name)>")
            }
            node.attributes.append((attribute, try attributeValue()))
        }
        var text: [UInt8] = []
        while true {
            guard let byte = peek else { throw fail("<\(name)> is never closed") }
            if byte == UInt8(ascii: "<") {
                if starts(with: "</") {
                    index += 2
                    let closing = try self.name()
                    guard closing == name else { throw fail("</\(closing)> closes <\(name)>") }
                    skipSpace()
                    guard peek == UInt8(ascii: ">") else { throw fail("expected \">\" after </\(closing)") }
                    index += 1
                    break
                } else if starts(with: "<!--") {
                    try comment()
                } else if starts(with: "<![CDATA[") {
                    text += try cdata()
                } else if starts(with: "<!") || starts(with: "<?") {
                    throw fail("declarations and processing instructions are not allowed inside elements")
                } else {
                    node.children.append(try element(depth: depth + 1))
                }
            } else if byte == UInt8(ascii: "&") {
                text += try reference()
            } else if byte == UInt8(ascii: "]") && starts(with: "]]>") {
                throw fail("\"]]>\" is not allowed in character data")
            } else {
                try checkCharacter()
                text.append(byte)
                advance()
            }
        }
        node.text = String(decoding: text, as: UTF8.self)
        return node
    }

    private mutating func attributeValue() throws(XMLSyntaxError) -> String {
        skipSpace()
        guard peek == UInt8(ascii: "=") else { throw fail("expected \"=\"") }
        index += 1
        skipSpace()
        guard let quote = peek, quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") else {
            throw fail("expected a quoted value")
        }
        index += 1
        var value: [UInt8] = []
        while true {
            guard let byte = peek else { throw fail("unterminated attribute value") }
            if byte == quote { index += 1; break }
            if byte == UInt8(ascii: "<") { throw fail("\"<\" is not allowed in an attribute value") }
            if byte == UInt8(ascii: "&") { value += try reference(); continue }
            try checkCharacter()
            value.append(byte)
            advance()
        }
        return String(decoding: value, as: UTF8.self)
    }

    private mutating func comment() throws(XMLSyntaxError) {
        index += 4
        while !starts(with: "-->") {
            guard peek != nil else { throw fail("unterminated comment") }
            if starts(with: "--") { throw fail("\"--\" is not allowed inside a comment") }
            try checkCharacter()
            advance()
        }
        index += 3
    }

    private mutating func cdata() throws(XMLSyntaxError) -> [UInt8] {
        index += 9
        var text: [UInt8] = []
        while !starts(with: "]]>") {
            guard let byte = peek else { throw fail("unterminated CDATA section") }
            try checkCharacter()
            text.append(byte)
            advance()
        }
        index += 3
        return text
    }

    /// `&amp;` `&lt;` `&gt;` `&quot;` `&apos;` `&#NN;` `&#xHH;`, nothing else.
    private mutating func reference() throws(XMLSyntaxError) -> [UInt8] {
        let (startLine, startColumn) = (line, column)
        index += 1
        var body: [UInt8] = []
        while let byte = peek, byte != UInt8(ascii: ";") {
            guard body.count < 10, byte != UInt8(ascii: "<"), byte != UInt8(ascii: "&"), !Self.isSpace(byte) else {
                throw XMLSyntaxError(
                    message: "\"&\" starts no entity reference (write &amp;)", line: startLine, column: startColumn)
            }
            body.append(byte)
            index += 1
        }
        guard peek != nil else {
            throw XMLSyntaxError(message: "unterminated entity reference", line: startLine, column: startColumn)
        }
        index += 1
        let name = String(decoding: body, as: UTF8.self)
        switch name {
        case "amp": return Array("&".utf8)
        case "lt": return Array("<".utf8)
        case "gt": return Array(">".utf8)
        case "quot": return Array("\"".utf8)
        case "apos": return Array("'".utf8)
        default: break
        }
        var value: UInt32?
        if name.hasPrefix("#x") {
            value = UInt32(name.dropFirst(2), radix: 16)
        } else if name.hasPrefix("#") {
            value = name.dropFirst().allSatisfy(\.isASCII) ? UInt32(name.dropFirst(), radix: 10) : nil
        } else {
            throw XMLSyntaxError(message: "unknown entity &\(name);", line: startLine, column: startColumn)
        }
        guard let value, let scalar = Unicode.Scalar(value), Self.isXMLCharacter(scalar) else {
            throw XMLSyntaxError(message: "&\(name); is no allowed character", line: startLine, column: startColumn)
        }
        return Array(String(Character(scalar)).utf8)
    }

    // MARK: Characters

    private mutating func name() throws(XMLSyntaxError) -> String {
        let start = index
        while let byte = peek, Self.isNameByte(byte, first: index == start) { index += 1 }
        guard index > start else { throw fail("expected a name") }
        return String(decoding: bytes[start..<index], as: UTF8.self)
    }

    /// A strict subset of XML names: ASCII letters, digits, `_ - . :`, not starting with a digit, `-` or `.`.
    private static func isNameByte(_ byte: UInt8, first: Bool) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "_"),
            UInt8(ascii: ":"):
            return true
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."):
            return !first
        default:
            return false
        }
    }

    /// Control characters other than tab, line feed and carriage return are no XML characters.
    private func checkCharacter() throws(XMLSyntaxError) {
        guard let byte = peek else { return }
        if byte < 0x20 && byte != 0x09 && byte != 0x0A && byte != 0x0D {
            throw fail("control character U+\(String(byte, radix: 16, uppercase: true)) is not allowed")
        }
        // U+FFFE and U+FFFF (EF BF BE/BF) are no XML characters either.
        if byte == 0xEF, index + 2 < bytes.count, bytes[index + 1] == 0xBF, bytes[index + 2] >= 0xBE {
            throw fail("U+FFFE and U+FFFF are not allowed")
        }
    }

    static func isXMLCharacter(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x9, 0xA, 0xD, 0x20...0xD7FF, 0xE000...0xFFFD, 0x10000...0x10FFFF: return true
        default: return false
        }
    }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }

    // MARK: Position

    private var peek: UInt8? { index < bytes.count ? bytes[index] : nil }
    private var column: Int { index - lineStart + 1 }

    private func starts(with text: StaticString) -> Bool {
        let count = text.utf8CodeUnitCount
        guard index + count <= bytes.count else { return false }
        let pointer = text.utf8Start
        for offset in 0..<count where bytes[index + offset] != pointer[offset] { return false }
        return true
    }

    private mutating func advance() {
        if bytes[index] == 0x0A { line += 1; lineStart = index + 1 }
        index += 1
    }

    @discardableResult
    private mutating func skipSpace() -> Bool {
        let start = index
        while let byte = peek, Self.isSpace(byte) { advance() }
        return index > start
    }

    private func fail(_ message: String) -> XMLSyntaxError {
        XMLSyntaxError(message: message, line: line, column: column)
    }
}
