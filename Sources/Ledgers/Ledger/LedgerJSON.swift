import Foundation
import KoppelCore

/// JSON as koppel writes it to a ledger: built by hand so that money goes out as the exact decimal
/// text of its cents ("6.61"), never through a binary floating point number, and members keep the
/// order they are given in.
public indirect enum LedgerJSON: Sendable {
    case string(String)
    /// A number's literal text.
    case number(String)
    case bool(Bool)
    case array([LedgerJSON])
    case object([(String, LedgerJSON)])

    public static func money(_ cents: Cents) -> LedgerJSON { .number(cents.description) }

    public var data: Data { Data(text.utf8) }

    public var text: String {
        switch self {
        case .string(let value): Self.quoted(value)
        case .number(let value): value
        case .bool(let value): value ? "true" : "false"
        case .array(let items): "[" + items.map(\.text).joined(separator: ",") + "]"
        case .object(let members): "{" + members.map { Self.quoted($0.0) + ":" + $0.1.text }.joined(separator: ",") + "}"
        }
    }

    private static func quoted(_ value: String) -> String {
        var out = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20: out += String(format: "\\u%04x", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
