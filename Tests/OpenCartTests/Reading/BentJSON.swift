import Foundation

/// A JSON document that keeps what a bent body needs and `JSONSerialization` loses: members in
/// their written order, number literals as written (`1.0`, `9223372036854775808`), and the
/// spelling of strings (escaped or not).
indirect enum BentJSON: Sendable {
    case null
    case bool(Bool)
    case number(String)
    case string(String)
    case array([BentJSON])
    case object([(String, BentJSON)])

    /// The tree of a value `JSONSerialization` read (the push schema has no booleans and no fractions).
    init(_ value: Any) {
        switch value {
        case is NSNull: self = .null
        case let text as String: self = .string(text)
        case let number as NSNumber: self = .number(number.stringValue)
        case let items as [Any]: self = .array(items.map(BentJSON.init))
        case let members as [String: Any]:
            self = .object(members.keys.sorted().map { ($0, BentJSON(members[$0]!)) })
        default: fatalError("not JSON: \(value)")
        }
    }

    /// A place in the tree: object members by key, array elements by position.
    enum Step: Equatable, Sendable {
        case key(String)
        case index(Int)
    }

    /// Every place in the tree, the root first.
    func places(_ path: [Step] = []) -> [[Step]] {
        switch self {
        case .array(let items):
            return [path] + items.enumerated().flatMap { $0.element.places(path + [.index($0.offset)]) }
        case .object(let members):
            return [path] + members.flatMap { $0.1.places(path + [.key($0.0)]) }
        default:
            return [path]
        }
    }

    subscript(path: ArraySlice<Step>) -> BentJSON? {
        guard let step = path.first else { return self }
        switch (self, step) {
        case (.array(let items), .index(let position)): return items[position][path.dropFirst()]
        case (.object(let members), .key(let name)): return members.first { $0.0 == name }?.1[path.dropFirst()]
        default: return nil
        }
    }

    /// The tree with the value at `path` replaced, or removed when `value` is nil (a member is
    /// left out; an element stays, as null).
    func replacing(_ path: ArraySlice<Step>, with value: BentJSON?) -> BentJSON {
        guard let step = path.first else { return value ?? .null }
        let rest = path.dropFirst()
        switch (self, step) {
        case (.array(var items), .index(let position)):
            items[position] = rest.isEmpty ? value ?? .null : items[position].replacing(rest, with: value)
            return .array(items)
        case (.object(var members), .key(let name)):
            guard let position = members.firstIndex(where: { $0.0 == name }) else { return self }
            if rest.isEmpty, value == nil {
                members.remove(at: position)
            } else {
                members[position].1 = rest.isEmpty ? value! : members[position].1.replacing(rest, with: value)
            }
            return .object(members)
        default:
            return self
        }
    }
}

/// How a body spells its strings: as `JSONEncoder` does (UTF-8 as it is), or as PHP's
/// `json_encode` in the extension does (`JSON_UNESCAPED_SLASHES`: every non-ASCII character as a
/// `\u` escape, lowercase hex, pairs for characters beyond U+FFFF), and whether some plain ASCII
/// letters are escaped too (`"order\u005fid"` is the key `order_id`).
struct Spelling {
    var escapesNonASCII: Bool
    var escapesEveryNthLetter: Int?
    var spaced: Bool
}

extension BentJSON {
    func text(_ spelling: Spelling) -> String {
        var output = ""
        write(to: &output, spelling)
        return output
    }

    private func write(to output: inout String, _ spelling: Spelling) {
        let space = spelling.spaced ? " " : ""
        switch self {
        case .null: output += "null"
        case .bool(let value): output += value ? "true" : "false"
        case .number(let literal): output += literal
        case .string(let text): output += Self.quoted(text, spelling)
        case .array(let items):
            output += "["
            for (position, item) in items.enumerated() {
                if position > 0 { output += "," + space }
                item.write(to: &output, spelling)
            }
            output += "]"
        case .object(let members):
            output += "{" + space
            for (position, (key, value)) in members.enumerated() {
                if position > 0 { output += "," + space }
                output += Self.quoted(key, spelling) + ":" + space
                value.write(to: &output, spelling)
            }
            output += space + "}"
        }
    }

    static func quoted(_ text: String, _ spelling: Spelling) -> String {
        var output = "\""
        var letters = 0
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\t": output += "\\t"
            case "\r": output += "\\r"
            case "\u{08}": output += "\\b"
            case "\u{0C}": output += "\\f"
            case _ where scalar.value < 0x20: output += unicodeEscape(scalar.value)
            case _ where scalar.value >= 0x80 && spelling.escapesNonASCII:
                if scalar.value > 0xFFFF {
                    let offset = scalar.value - 0x10000
                    output += unicodeEscape(0xD800 + (offset >> 10)) + unicodeEscape(0xDC00 + (offset & 0x3FF))
                } else {
                    output += unicodeEscape(scalar.value)
                }
            case _ where scalar.properties.isAlphabetic && scalar.isASCII:
                letters += 1
                if let nth = spelling.escapesEveryNthLetter, letters % nth == 0 {
                    output += unicodeEscape(scalar.value)
                } else {
                    output.unicodeScalars.append(scalar)
                }
            default: output.unicodeScalars.append(scalar)
            }
        }
        return output + "\""
    }

    private static func unicodeEscape(_ value: UInt32) -> String {
        let hex = String(value, radix: 16)
        return "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
    }
}
