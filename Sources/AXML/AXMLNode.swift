/// An element of the aXML tree by its field: the form between the model and the bytes. Children
/// may be in any order here; the writer puts them in the schema's.
struct AXMLNode: Equatable, Sendable {
    var field: AXMLField
    var text: String
    var children: [AXMLNode]

    init(_ field: AXMLField, _ text: String) {
        self.field = field
        self.text = text
        self.children = []
    }

    init(_ field: AXMLField, children: [AXMLNode?]) {
        self.field = field
        self.text = ""
        self.children = children.compactMap { $0 }
    }

    /// An optional element: absent when there is no value.
    static func optional(_ field: AXMLField, _ text: String?) -> AXMLNode? {
        text.map { AXMLNode(field, $0) }
    }

    func child(_ field: AXMLField) -> AXMLNode? {
        children.first { $0.field == field }
    }

    func all(_ field: AXMLField) -> [AXMLNode] {
        children.filter { $0.field == field }
    }
}

/// Cents as the file writes them, and back: 1250 ⇄ "12.50", -338 ⇄ "-3.38".
enum AXMLAmount {
    static func text(_ cents: Int64) -> String {
        let magnitude = cents.magnitude
        let fraction = magnitude % 100
        return (cents < 0 ? "-" : "") + "\(magnitude / 100)." + (fraction < 10 ? "0" : "") + "\(fraction)"
    }

    /// Only for text the validator accepted as `.decimal(places: 2)`.
    static func cents(_ text: String) -> Int64? {
        let negative = text.hasPrefix("-")
        let parts = text.dropFirst(negative ? 1 : 0).split(separator: ".")
        guard parts.count == 2, let whole = Int64(parts[0]), let fraction = Int64(parts[1]) else { return nil }
        let (product, overflow) = whole.multipliedReportingOverflow(by: 100)
        guard !overflow else { return nil }
        return (negative ? -1 : 1) * (product + fraction)
    }
}
