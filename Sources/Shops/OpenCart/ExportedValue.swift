import Foundation

/// A JSON value of an export (a table column, or inside a `custom_field` or method column) as
/// PHP's `json_decode` hands it to the extension. The extension turns scalars into text with
/// PHP's `(string)`; `phpText` does the same, so that `koppel push` and the extension make one
/// payload from one export, whether its columns are strings (as MySQL gives them) or numbers.
enum ExportedValue: Decodable, Equatable {
    case null
    case bool(Bool)
    case integer(Int64)
    case number(Double)
    case text(String)
    case list([ExportedValue])
    case object([String: ExportedValue])

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
            self = .text(value)
        } else if let value = try? container.decode([ExportedValue].self) {
            self = .list(value)
        } else {
            self = .object(try container.decode([String: ExportedValue].self))
        }
    }

    /// PHP's `(string)` of a scalar (`true` → "1", `false` → "", 25.0 → "25"); nil for null,
    /// lists and objects, which PHP's `is_scalar` refuses.
    var phpText: String? {
        switch self {
        case .null, .list, .object: return nil
        case .bool(let value): return value ? "1" : ""
        case .integer(let value): return String(value)
        case .text(let value): return value
        case .number(let value): return Self.phpFloatText(value)
        }
    }

    /// PHP 8 prints a float with 14 significant digits (`precision`), exponents as `1.0E-5`.
    static func phpFloatText(_ value: Double) -> String {
        guard value.isFinite else { return value.isNaN ? "NAN" : (value < 0 ? "-INF" : "INF") }
        let text = String(format: "%.14G", value)
        guard let e = text.firstIndex(of: "E") else { return text }
        var mantissa = String(text[..<e])
        if !mantissa.contains(".") { mantissa += ".0" }
        let exponent = Int(text[text.index(after: e)...]) ?? 0
        return mantissa + "E" + (exponent < 0 ? "-" : "+") + String(abs(exponent))
    }
}

/// One table row of an export: column name to text, null kept as nil. A column holding a list
/// or an object is no table column; the export is refused rather than read as empty.
struct ExportedRow: Decodable {
    var columns: [String: String?]

    init(from decoder: any Decoder) throws {
        let values = try [String: ExportedValue](from: decoder)
        columns = try values.mapValues { value in
            if value == .null { return nil }
            guard let text = value.phpText else {
                throw DecodingError.typeMismatch(
                    String.self,
                    .init(
                        codingPath: decoder.codingPath,
                        debugDescription: "a table column holds a string, a number or null"))
            }
            return text
        }
    }
}

extension KeyedDecodingContainer {
    func decodeRow(forKey key: Key) throws -> [String: String?] {
        try decode(ExportedRow.self, forKey: key).columns
    }

    func decodeRows(forKey key: Key) throws -> [[String: String?]] {
        try decode([ExportedRow].self, forKey: key).map(\.columns)
    }

    func decodeRowsIfPresent(forKey key: Key) throws -> [[String: String?]]? {
        try decodeIfPresent([ExportedRow].self, forKey: key)?.map(\.columns)
    }
}
