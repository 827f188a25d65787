import Foundation

/// A JSON document as written, for comparing two payloads field by field: a string stays apart
/// from a number ("4.5780" is not 4.578, "1" is not 1) and every difference names its path in
/// the notation of the API's errors (`orders[0].totals[2].value`).
indirect enum JSONTree: Decodable, Equatable, CustomStringConvertible {
    case null
    case bool(Bool)
    case integer(Int64)
    case number(Double)
    case string(String)
    case array([JSONTree])
    case object([String: JSONTree])

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Int64.self) {
            self = .integer(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONTree].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSONTree].self))
        }
    }

    init(json: Data) throws {
        self = try JSONDecoder().decode(JSONTree.self, from: json)
    }

    /// Where `other` differs, one line a field: `path: <self> ≠ <other>`. A field left out and a
    /// field that is null are the same: the protocol says optional fields "may be left out or
    /// be null" (koppel decodes both to nil and stores the same content).
    func differences(from other: JSONTree, at path: String = "") -> [String] {
        switch (self, other) {
        case (.object(let left), .object(let right)):
            return Set(left.keys).union(right.keys).sorted().flatMap { key in
                (left[key] ?? .null).differences(from: right[key] ?? .null, at: path.isEmpty ? key : "\(path).\(key)")
            }
        case (.array(let left), .array(let right)) where left.count == right.count:
            return zip(left, right).enumerated().flatMap { index, pair in
                pair.0.differences(from: pair.1, at: "\(path)[\(index)]")
            }
        default:
            return self == other ? [] : ["\(path.isEmpty ? "(document)" : path): \(self) ≠ \(other)"]
        }
    }

    var description: String {
        switch self {
        case .null: return "absent"
        case .bool(let value): return String(value)
        case .integer(let value): return String(value)
        case .number(let value): return String(value)
        case .string(let value): return "\"\(value)\""
        case .array(let items): return "[" + items.map(\.description).joined(separator: ", ") + "]"
        case .object(let fields):
            return "{" + fields.keys.sorted().map { "\($0): \(fields[$0]!)" }.joined(separator: ", ") + "}"
        }
    }
}
