import Foundation

/// Checks aXML bytes against `AXMLSchema`: well-formed strict XML, the declaration, every element
/// in its place and order, required elements there, texts of the right length, format and code list,
/// and each order's figures adding up. Reports every violation it finds, each with its path.
public enum AXMLValidator {
    public static func validate(_ data: Data) -> [AXMLViolation] {
        check(data).violations
    }

    /// The violations, and the tree of fields when the file was well-formed enough to walk.
    static func check(_ data: Data) -> (node: AXMLNode?, violations: [AXMLViolation]) {
        let file: XMLFile
        do {
            file = try StrictXMLParser.parse(Array(data))
        } catch {
            return (nil, [AXMLViolation(.notWellFormed, "", "not well-formed XML at \(error)")])
        }
        var walk = Walk()
        if file.version == nil {
            walk.report(
                .declaration, "", "the file has no XML declaration (<?xml version=\"1.0\" encoding=\"UTF-8\"?>)")
        } else if file.encoding?.uppercased() != "UTF-8" {
            walk.report(
                .declaration, "",
                "the XML declaration must name encoding=\"UTF-8\", not \(file.encoding.map { "\"\($0)\"" } ?? "none")")
        }
        let root = AXMLSchema.root
        guard file.root.name == root.name else {
            walk.report(.unexpectedElement, "/\(file.root.name)", "the root element must be <\(root.name)>")
            return (nil, walk.violations)
        }
        let node = walk.element(file.root, row: root, path: "/\(root.name)")
        for (number, order) in (node.child(.orders)?.all(.order) ?? []).enumerated() {
            walk.checkFigures(
                order,
                path:
                    "/\(root.name)/\(AXMLSchema.element(.orders).name)/\(AXMLSchema.element(.order).name)[\(number + 1)]"
            )
        }
        return (node, walk.violations)
    }

    private struct Walk {
        var violations: [AXMLViolation] = []

        mutating func report(_ kind: AXMLViolation.Kind, _ path: String, _ message: String) {
            violations.append(AXMLViolation(kind, path, message))
        }

        mutating func element(_ element: XMLElement, row: AXMLElement, path: String) -> AXMLNode {
            for attribute in element.attributes {
                report(.unexpectedAttribute, path, "attribute \"\(attribute.name)\" is not part of aXML")
            }
            guard row.isGroup else {
                if !element.children.isEmpty {
                    report(.unexpectedContent, path, "holds elements but only text belongs here")
                } else if let problem = row.type.problem(element.text) {
                    report(Self.kind(of: row.type, problem), path, problem)
                }
                return AXMLNode(row.field, element.text)
            }
            if !element.text.allSatisfy(\.isWhitespace) {
                report(.unexpectedContent, path, "holds text but only elements belong here")
            }
            let rows = AXMLSchema.children(of: row.field)
            var counts = [Int](repeating: 0, count: rows.count)
            var last = -1
            var node = AXMLNode(row.field, children: [])
            for child in element.children {
                guard let index = rows.firstIndex(where: { $0.name == child.name }) else {
                    report(
                        .unexpectedElement, "\(path)/\(child.name)", "<\(child.name)> does not belong in <\(row.name)>")
                    continue
                }
                let childRow = rows[index]
                counts[index] += 1
                let childPath = "\(path)/\(childRow.name)" + (childRow.isRepeated ? "[\(counts[index])]" : "")
                if counts[index] > 1 && !childRow.isRepeated {
                    report(.duplicate, childPath, "<\(childRow.name)> may appear only once in <\(row.name)>")
                    continue
                }
                if index < last {
                    report(.outOfOrder, childPath, "<\(childRow.name)> must come before <\(rows[last].name)>")
                } else {
                    last = index
                }
                node.children.append(self.element(child, row: childRow, path: childPath))
            }
            for (index, childRow) in rows.enumerated() where counts[index] == 0 && childRow.occurs != .optional {
                report(.missing, "\(path)/\(childRow.name)", "<\(childRow.name)> is required in <\(row.name)>")
            }
            return node
        }

        static func kind(of type: AXMLValueType, _ problem: String) -> AXMLViolation.Kind {
            switch type {
            case .group: return .unexpectedContent
            case .text, .token: return problem.contains("at most") ? .tooLong : .badText
            case .integer, .decimal: return .badNumber
            case .date, .dateTime: return .badDate
            case .code: return .notInCodeList
            }
        }

        /// Each line's amount is quantity × unit price; the order's totals are the sums of its lines.
        /// Only figures that passed their format check are compared; overflow counts as a mismatch.
        mutating func checkFigures(_ order: AXMLNode, path: String) {
            func cents(_ node: AXMLNode?, _ field: AXMLField) -> Int64? {
                node?.child(field).flatMap { AXMLAmount.cents($0.text) }
            }
            var net: Int64? = 0
            var vat: Int64? = 0
            for (number, line) in order.all(.orderLine).enumerated() {
                let linePath = "\(path)/\(AXMLSchema.element(.orderLine).name)[\(number + 1)]"
                let quantity = line.child(.quantity).flatMap { Int64($0.text) }
                let (unit, amount, lineVAT) = (cents(line, .unitPrice), cents(line, .lineAmount), cents(line, .lineVAT))
                if let quantity, let unit, let amount {
                    let (product, overflow) = quantity.multipliedReportingOverflow(by: unit)
                    if overflow || product != amount {
                        report(
                            .inconsistentTotals, "\(linePath)/\(AXMLSchema.element(.lineAmount).name)",
                            "\(AXMLAmount.text(amount)) is not \(quantity) × \(AXMLAmount.text(unit))")
                    }
                }
                net = Self.add(net, amount)
                vat = Self.add(vat, lineVAT)
            }
            let totals: [(AXMLField, Int64?)] = [
                (.totalExclVAT, net), (.totalVAT, vat), (.totalInclVAT, Self.add(net, vat)),
            ]
            for (field, expected) in totals {
                guard let stated = cents(order, field), let expected, stated != expected else { continue }
                report(
                    .inconsistentTotals, "\(path)/\(AXMLSchema.element(field).name)",
                    "\(AXMLAmount.text(stated)) is not the lines' \(AXMLAmount.text(expected))")
            }
        }

        static func add(_ sum: Int64?, _ value: Int64?) -> Int64? {
            guard let sum, let value else { return nil }
            let (result, overflow) = sum.addingReportingOverflow(value)
            return overflow ? nil : result
        }
    }
}
