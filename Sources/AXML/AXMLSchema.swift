/// The aXML element tree as one table: every element, its parent, its place among its siblings,
/// whether it must be there, what its text may be, and where that knowledge comes from.
///
/// The writer, the validator and the reader all read this table and nothing else, so when the
/// v1.5.1 definition is at hand a tag name, a length or a code list is corrected here, once.
/// The rows are in `AXMLSchema+Elements.swift`.
public enum AXMLSchema {
    /// The root element's row.
    public static var root: AXMLElement { element(.root) }

    /// The row of one field of the model.
    public static func element(_ field: AXMLField) -> AXMLElement {
        guard let row = byField[field] else { preconditionFailure("aXML schema has no row for \(field)") }
        return row
    }

    /// The children of `field`, in the order they appear in a file.
    public static func children(of field: AXMLField) -> [AXMLElement] {
        childrenByParent[field] ?? []
    }

    /// The longest text `field` may hold, nil when it is no text of limited length.
    public static func maxLength(_ field: AXMLField) -> Int? {
        if case .text(let maxLength) = element(field).type { return maxLength }
        return nil
    }

    private static let byField: [AXMLField: AXMLElement] = Dictionary(
        uniqueKeysWithValues: elements.map { ($0.field, $0) })
    private static let childrenByParent: [AXMLField: [AXMLElement]] = Dictionary(
        grouping: elements.filter { $0.parent != nil }
    ) {
        $0.parent!
    }
}

/// One row of the schema.
public struct AXMLElement: Sendable, Equatable {
    public var field: AXMLField
    /// The tag as it appears in the file.
    public var name: String
    /// The enclosing element; nil for the root.
    public var parent: AXMLField?
    public var occurs: Occurs
    public var type: AXMLValueType
    public var source: AXMLSource
    /// What is known or assumed about the element, in one sentence.
    public var note: String

    public enum Occurs: Sendable, Equatable {
        case required
        case optional
        /// One or more.
        case repeated
    }

    public var isRepeated: Bool { occurs == .repeated }
    public var isGroup: Bool { type == .group }
}

/// What an element's text may be.
public enum AXMLValueType: Sendable, Equatable {
    /// Holds elements, no text.
    case group
    /// Text of 1 to `maxLength` characters (Unicode characters, as a person counts them).
    case text(maxLength: Int)
    /// A whole number, optional minus sign: "3", "-1".
    case integer
    /// A decimal with exactly `places` decimals and a point: "12.50", "-3.38".
    case decimal(places: Int)
    /// A calendar date, `YYYY-MM-DD`.
    case date
    /// A date and time without zone, `YYYY-MM-DDTHH:MM:SS`.
    case dateTime
    /// One of a closed list of codes.
    case code(AXMLCodeList)
    /// 1 to `maxLength` characters from A–Z, a–z, 0–9, `-` and `_`.
    case token(maxLength: Int)
}

/// Where a row's knowledge comes from.
public enum AXMLSource: Sendable, Equatable {
    /// Known from "aXML Order specificatie v1.4" (its table of contents: the chapter or appendix named).
    case spec14(String)
    /// Known from another public source (named).
    case other(String)
    /// Assumed: nothing public confirms it.
    case guess

    public var isGuess: Bool { self == .guess }
}

/// Every element of the model, independent of its tag name.
public enum AXMLField: String, Sendable, CaseIterable {
    case root, header, formatVersion, createdAt, generator
    case orders, order, orderNumber, description, orderDate, invoiceDate, currency, paymentCode
    case debtor, debtorEmail, debtorName, contactName, phone, vatNumber
    case address, street, postalCode, city, country
    case orderLine, lineDescription, quantity, unitPrice, vatClass, lineAmount, lineVAT
    case totalExclVAT, totalVAT, totalInclVAT
}
