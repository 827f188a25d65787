import Foundation

/// Writes an `AXMLDocument` as aXML bytes: UTF-8 with an XML declaration, elements in the schema's
/// order, two spaces of indentation, `\n` line ends. The same document always gives the same bytes.
///
/// `& < > " '` are written as entities (HELP: special characters must be entity-encoded); a value
/// that breaks the schema (a control character, a text too long, a country that is no ISO code) is
/// refused with its path, so no file the validator would reject is ever written.
public enum AXMLWriter {
    public static func write(_ document: AXMLDocument) throws(AXMLWriteError) -> Data {
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        try write(document.node, row: AXMLSchema.root, path: "/" + AXMLSchema.root.name, depth: 0, into: &out)
        return Data(out.utf8)
    }

    private static func write(_ node: AXMLNode, row: AXMLElement, path: String, depth: Int, into out: inout String)
        throws(AXMLWriteError)
    {
        let indent = String(repeating: "  ", count: depth)
        guard row.isGroup else {
            if let problem = row.type.problem(node.text) { throw AXMLWriteError(path: path, message: problem) }
            out += "\(indent)<\(row.name)>\(escape(node.text))</\(row.name)>\n"
            return
        }
        out += "\(indent)<\(row.name)>\n"
        let rows = AXMLSchema.children(of: row.field)
        for childRow in rows {
            let children = node.all(childRow.field)
            if children.isEmpty && childRow.occurs != .optional {
                throw AXMLWriteError(path: "\(path)/\(childRow.name)", message: "is required")
            }
            if children.count > 1 && !childRow.isRepeated {
                throw AXMLWriteError(path: "\(path)/\(childRow.name)", message: "may appear only once")
            }
            for (number, child) in children.enumerated() {
                let childPath = path + "/" + childRow.name + (childRow.isRepeated ? "[\(number + 1)]" : "")
                try write(child, row: childRow, path: childPath, depth: depth + 1, into: &out)
            }
        }
        out += "\(indent)</\(row.name)>\n"
    }

    /// The five predefined entities; everything else is written as the UTF-8 it is.
    static func escape(_ text: String) -> String {
        var escaped = ""
        escaped.reserveCapacity(text.utf8.count)
        for character in text.unicodeScalars {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&apos;"
            default: escaped.unicodeScalars.append(character)
            }
        }
        return escaped
    }
}

/// A document value the aXML schema does not allow, with the path of its element.
public struct AXMLWriteError: Error, Sendable, Equatable, CustomStringConvertible {
    /// `/Asperion/Orders/Order[2]/Debtor/Name`.
    public var path: String
    public var message: String

    public var description: String { "\(path): \(message)" }
}
