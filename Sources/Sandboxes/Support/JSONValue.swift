import Foundation

/// A JSON document a sandbox reads from requests and writes in answers (the Moneybird, Minox and
/// Mijnwebwinkel sandboxes share it).
///
/// Objects keep their key order so answers read like the spec's examples, numbers keep their literal text
/// so 18-digit ids and money never pass through a `Double`.
public enum JSONValue: Sendable {
    case null
    case bool(Bool)
    case number(String)
    case string(String)
    case array([JSONValue])
    case object([(key: String, value: JSONValue)])

    /// The member `key` of an object; `nil` for other values or a missing key.
    public subscript(key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members.last { $0.key == key }?.value
    }

    /// Text of a string or a number; `nil` for null and the rest.
    public var text: String? {
        switch self {
        case .string(let value): value
        case .number(let value): value
        default: nil
        }
    }

    /// Text with surrounding blanks removed, `nil` when empty.
    public var nonBlankText: String? {
        guard let value = text?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
        return value
    }

    public var boolValue: Bool? {
        switch self {
        case .bool(let value): value
        case .string("true"), .number("1"): true
        case .string("false"), .number("0"): false
        default: nil
        }
    }

    public var arrayValue: [JSONValue]? {
        if case .array(let items) = self { return items }
        return nil
    }

    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }
}

extension JSONValue {
    /// Wraps an optional string, rendering `nil` as `null`.
    public static func optional(_ value: String?) -> JSONValue { value.map(JSONValue.string) ?? .null }

    /// Wraps an integer as a JSON number.
    public static func int(_ value: Int) -> JSONValue { .number(String(value)) }

    /// Parses a request body; `nil` when it is not JSON.
    public static func parse(_ data: Data) -> JSONValue? {
        try? JSONDecoder().decode(JSONValue.self, from: data)
    }

    /// The compact UTF-8 text of this value.
    public var serialized: Data {
        // A long list (a page of invoices) is written item by item on all cores, then joined.
        if case .array(let items) = self, items.count >= 16 {
            let parts = items.concurrentMap { item in
                var out: [UInt8] = []
                item.write(into: &out)
                return out
            }
            var out: [UInt8] = [UInt8(ascii: "[")]
            out.reserveCapacity(parts.reduce(2) { $0 + $1.count + 1 })
            for (index, part) in parts.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                out.append(contentsOf: part)
            }
            out.append(UInt8(ascii: "]"))
            return Data(out)
        }
        var out: [UInt8] = []
        out.reserveCapacity(1_024)
        write(into: &out)
        return Data(out)
    }

    public var rendered: String { String(decoding: serialized, as: UTF8.self) }

    // Bytes, not a String: appending to a String scalar by scalar made a page of 100 invoices cost milliseconds.
    private func write(into out: inout [UInt8]) {
        switch self {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let value): out.append(contentsOf: (value ? "true" : "false").utf8)
        case .number(let value): out.append(contentsOf: value.utf8)
        case .string(let value): Self.writeString(value, into: &out)
        case .array(let items):
            out.append(UInt8(ascii: "["))
            for (index, item) in items.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                item.write(into: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let members):
            out.append(UInt8(ascii: "{"))
            for (index, member) in members.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                Self.writeString(member.key, into: &out)
                out.append(UInt8(ascii: ":"))
                member.value.write(into: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    /// Escapes quotes, backslashes and control characters; every other byte of the UTF-8 passes as it is.
    private static func writeString(_ value: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        defer { out.append(UInt8(ascii: "\"")) }
        let copied = value.utf8.withContiguousStorageIfAvailable { bytes -> Bool in
            guard !bytes.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") })
            else { return false }
            out.append(contentsOf: bytes)
            return true
        }
        if copied == true { return }
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out.append(contentsOf: "\\\"".utf8)
            case UInt8(ascii: "\\"): out.append(contentsOf: "\\\\".utf8)
            case UInt8(ascii: "\n"): out.append(contentsOf: "\\n".utf8)
            case UInt8(ascii: "\r"): out.append(contentsOf: "\\r".utf8)
            case UInt8(ascii: "\t"): out.append(contentsOf: "\\t".utf8)
            case ..<0x20: out.append(contentsOf: String(format: "\\u%04x", UInt32(byte)).utf8)
            default: out.append(byte)
            }
        }
    }
}

extension JSONValue: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode(Decimal.self) {
            self = .number(value.description)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else {
            let members = try container.decode([String: JSONValue].self)
            self = .object(members.sorted { $0.key < $1.key }.map { (key: $0.key, value: $0.value) })
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .number(let value): try container.encode(Decimal(string: value) ?? 0)
        case .string(let value): try container.encode(value)
        case .array(let items): try container.encode(items)
        case .object(let members):
            try container.encode(Dictionary(members.map { ($0.key, $0.value) }, uniquingKeysWith: { _, last in last }))
        }
    }
}
