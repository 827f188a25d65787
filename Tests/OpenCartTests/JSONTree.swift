import Foundation

@testable import OpenCart

/// A JSON document as written, for comparing two payloads field by field: the exports' own
/// `ExportedValue`, which keeps a string apart from a number ("4.5780" is not 4.578, "1" is not
/// 1). Every difference names its path in the notation of the API's errors
/// (`orders[0].totals[2].value`).
typealias JSONTree = ExportedValue

extension ExportedValue {
    init(json: Data) throws {
        self = try JSONDecoder().decode(ExportedValue.self, from: json)
    }

    /// Where `other` differs, one line a field: `path: <self> ≠ <other>`. A field left out and a
    /// field that is null are the same: the protocol says optional fields "may be left out or
    /// be null" (koppel decodes both to nil and stores the same content).
    func differences(from other: ExportedValue, at path: String = "") -> [String] {
        switch (self, other) {
        case (.object(let left), .object(let right)):
            return Set(left.keys).union(right.keys).sorted().flatMap { key in
                (left[key] ?? .null).differences(from: right[key] ?? .null, at: path.isEmpty ? key : "\(path).\(key)")
            }
        case (.list(let left), .list(let right)) where left.count == right.count:
            return zip(left, right).enumerated().flatMap { index, pair in
                pair.0.differences(from: pair.1, at: "\(path)[\(index)]")
            }
        default:
            return self == other ? [] : ["\(path.isEmpty ? "(document)" : path): \(rendered) ≠ \(other.rendered)"]
        }
    }

    /// The value as a difference line shows it.
    var rendered: String {
        switch self {
        case .null: return "absent"
        case .bool(let value): return String(value)
        case .integer(let value): return String(value)
        case .number(let value): return String(value)
        case .text(let value): return "\"\(value)\""
        case .list(let items): return "[" + items.map(\.rendered).joined(separator: ", ") + "]"
        case .object(let fields):
            return "{" + fields.keys.sorted().map { "\($0): \(fields[$0]!.rendered)" }.joined(separator: ", ") + "}"
        }
    }
}
