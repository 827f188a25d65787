/// One way an aXML file breaks the schema, with the path of the element:
/// `/Asperion/Orders/Order[3]/Debtor/Address/Country: "XX" is no ISO 3166 code`.
public struct AXMLViolation: Sendable, Equatable, CustomStringConvertible {
    public var kind: Kind
    /// Repeated elements carry their 1-based number: `Order[3]`, `Orderline[2]`. Empty for the file itself.
    public var path: String
    public var message: String

    public enum Kind: String, Sendable, Equatable, CaseIterable {
        /// Not XML, or XML koppel refuses (DOCTYPE, unknown entities, control characters).
        case notWellFormed
        /// No XML declaration, or one that names another encoding than UTF-8.
        case declaration
        case unexpectedElement
        case unexpectedAttribute
        /// Text in an element that holds elements, or elements in one that holds text.
        case unexpectedContent
        case outOfOrder
        /// An element that may appear once appears again.
        case duplicate
        case missing
        /// Empty text, a control character, or characters outside a token's set.
        case badText
        case tooLong
        case badNumber
        case badDate
        case notInCodeList
        /// A line's amount is not quantity × unit price, or an order's totals are not the sum of its lines.
        case inconsistentTotals
    }

    public init(_ kind: Kind, _ path: String, _ message: String) {
        self.kind = kind
        self.path = path
        self.message = message
    }

    public var description: String { path.isEmpty ? message : "\(path): \(message)" }
}
