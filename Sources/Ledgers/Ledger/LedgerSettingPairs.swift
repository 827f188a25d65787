import Foundation

/// The text of a `perPaymentMethod` setting: `method=CODE` pairs separated by commas
/// ("cod=REMBOURS,bank_transfer=BANK"), as `koppel config ledger` takes it and the provider stores it.
public enum LedgerSettingPairs {
    /// Why the pairs cannot be written as text: a method or a code that holds the separators.
    public struct Unwritable: Error, Sendable, Equatable {
        public var method: String
    }

    /// The pairs as text, sorted by method (the same pairs always give the same text); an empty code
    /// is left out.
    public static func text(_ pairs: [String: String]) throws(Unwritable) -> String {
        var parts: [String] = []
        for (method, code) in pairs.sorted(by: { $0.key < $1.key }) {
            let method = method.trimmingCharacters(in: .whitespaces)
            let code = code.trimmingCharacters(in: .whitespaces)
            guard !code.isEmpty else { continue }
            guard !method.isEmpty, !(method + code).contains(where: { $0 == "," || $0 == "=" }) else { throw Unwritable(method: method) }
            parts.append(method + "=" + code)
        }
        return parts.joined(separator: ",")
    }

    /// The first part of a text that is no `method=CODE` pair (a method and a code, neither empty);
    /// nil when every part is one. Empty parts between commas are no pairs and no fault.
    public static func malformedPart(_ text: String) -> Substring? {
        text.split(separator: ",").first { part in
            guard !part.trimmingCharacters(in: .whitespaces).isEmpty else { return false }
            let halves = part.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            return halves.count != 2 || halves[0].isEmpty
        }
    }

    /// The pairs of a text; a part without `=` is skipped (the provider refuses such text when it is set).
    public static func pairs(_ text: String) -> [String: String] {
        var pairs: [String: String] = [:]
        for part in text.split(separator: ",") {
            let halves = part.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            if halves.count == 2, !halves[0].isEmpty { pairs[halves[0]] = halves[1] }
        }
        return pairs
    }
}
