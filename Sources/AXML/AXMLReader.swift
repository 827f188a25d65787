import Foundation

/// Reads aXML bytes back into an `AXMLDocument`, after the validator accepted them.
public enum AXMLReader {
    public static func read(_ data: Data) throws(AXMLReadError) -> AXMLDocument {
        let (node, violations) = AXMLValidator.check(data)
        guard violations.isEmpty, let node else { throw AXMLReadError(violations: violations) }
        return AXMLDocument(node: node)
    }
}

/// The file breaks the schema: every violation found.
public struct AXMLReadError: Error, Sendable, Equatable, CustomStringConvertible {
    public var violations: [AXMLViolation]

    public var description: String { violations.map(\.description).joined(separator: "\n") }
}
