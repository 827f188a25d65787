import Foundation

/// A file read order by order, as an import takes it: what is wrong with the file as a whole
/// refuses it, what is wrong inside one order refuses that order only.
public struct AXMLOrdersRead: Sendable, Equatable {
    public var header: AXMLHeader
    /// Every order in file order: the order, or the violations inside it.
    public var orders: [Result<AXMLOrder, AXMLOrderViolations>]
}

/// The violations inside one order of a file.
public struct AXMLOrderViolations: Error, Sendable, Equatable {
    /// 1-based, as in the path: `Order[3]` is 3.
    public var number: Int
    public var violations: [AXMLViolation]
}

extension AXMLReader {
    /// Reads every order that breaks nothing; throws only when the file itself is broken (not
    /// well-formed, the declaration, the header, anything outside the orders).
    public static func readOrders(_ data: Data) throws(AXMLReadError) -> AXMLOrdersRead {
        let (node, violations) = AXMLValidator.check(data)
        let prefix = "/\(AXMLSchema.root.name)/\(AXMLSchema.element(.orders).name)/\(AXMLSchema.element(.order).name)["
        var byOrder: [Int: [AXMLViolation]] = [:]
        var fileLevel: [AXMLViolation] = []
        for violation in violations {
            if let number = orderNumber(in: violation.path, prefix: prefix) {
                byOrder[number, default: []].append(violation)
            } else {
                fileLevel.append(violation)
            }
        }
        guard fileLevel.isEmpty, let node else {
            throw AXMLReadError(violations: fileLevel.isEmpty ? violations : fileLevel)
        }
        let header = AXMLDocument(node: AXMLNode(.root, children: [node.child(.header)])).header
        let orders = (node.child(.orders)?.all(.order) ?? []).enumerated().map {
            (index, order) -> Result<AXMLOrder, AXMLOrderViolations> in
            if let found = byOrder[index + 1] {
                return .failure(AXMLOrderViolations(number: index + 1, violations: found))
            }
            return .success(AXMLOrder(node: order))
        }
        return AXMLOrdersRead(header: header, orders: orders)
    }

    /// 3 for `/Asperion/Orders/Order[3]/Debtor/Name`; nil for paths outside an order.
    private static func orderNumber(in path: String, prefix: String) -> Int? {
        guard path.hasPrefix(prefix) else { return nil }
        let rest = path.dropFirst(prefix.count)
        guard let close = rest.firstIndex(of: "]") else { return nil }
        return Int(rest[..<close])
    }
}
