/// One element of a parsed XML file: what the validator and the reader walk.
struct XMLElement: Sendable, Equatable {
    var name: String
    var attributes: [(name: String, value: String)]
    var children: [XMLElement]
    /// The character data directly inside this element, entities decoded; whitespace kept.
    var text: String
    /// Where the start tag begins (1-based), for messages.
    var line: Int
    var column: Int

    static func == (lhs: XMLElement, rhs: XMLElement) -> Bool {
        lhs.name == rhs.name && lhs.children == rhs.children && lhs.text == rhs.text
            && lhs.attributes.map(\.name) == rhs.attributes.map(\.name)
            && lhs.attributes.map(\.value) == rhs.attributes.map(\.value)
    }
}

/// A parsed file: its XML declaration's fields and the root element.
struct XMLFile: Sendable {
    var version: String?
    var encoding: String?
    var root: XMLElement
}

/// Why bytes are no XML koppel accepts, with the place.
struct XMLSyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
    var message: String
    var line: Int
    var column: Int

    var description: String { "line \(line), column \(column): \(message)" }
}
