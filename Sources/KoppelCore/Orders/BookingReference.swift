/// How a connection's bookings are referenced in the ledger: its own prefix, the store where a
/// shop has several, and the order number ("K7Q-1024", "K7Q-2-1024"). The prefix makes the
/// reference koppel's own, so a look-up by reference never finds another shop's booking or one
/// made by hand with a bare order number, and the reconciler knows exactly which references are
/// koppel's.
///
/// Connections that booked before prefixes existed keep an empty prefix and bare order numbers,
/// so their earlier bookings are still found.
public struct BookingReference: Sendable, Equatable {
    public var prefix: String

    public init(prefix: String) {
        self.prefix = prefix
    }

    /// The reference of one order. Store 0 is a shop's default (and often only) store.
    public func reference(orderID: Int64, storeID: Int64) -> String {
        guard !prefix.isEmpty else { return String(orderID) }
        return storeID == 0 ? "\(prefix)-\(orderID)" : "\(prefix)-\(storeID)-\(orderID)"
    }

    /// Whether `reference` has this connection's form: what the reconciler counts as koppel's.
    public func matches(_ reference: String) -> Bool {
        guard !prefix.isEmpty else { return Self.isNumber(reference) }
        guard reference.hasPrefix(prefix + "-") else { return false }
        let parts = reference.dropFirst(prefix.count + 1).split(separator: "-", omittingEmptySubsequences: false)
        return (1...2).contains(parts.count) && parts.allSatisfy(Self.isNumber)
    }

    /// The order number in one of this connection's references.
    public func orderID(in reference: String) -> Int64? {
        guard matches(reference) else { return nil }
        return reference.split(separator: "-").last.flatMap { Int64($0) }
    }

    /// Letters and digits that cannot be misread for one another (no O/0, I/1).
    static let prefixAlphabet = Array("ABCDEFGHJKLMNPQRSTUVWXYZ23456789")

    /// A new prefix: a letter and two more characters, 24,576 possibilities; the store keeps them unique.
    public static func generatePrefix() -> String {
        var generator = SystemRandomNumberGenerator()
        let letters = prefixAlphabet.filter(\.isLetter)
        return String(letters.randomElement(using: &generator)!)
            + String((0..<2).map { _ in prefixAlphabet.randomElement(using: &generator)! })
    }

    /// A prefix a person may choose: 1 to 8 upper-case letters or digits, starting with a letter
    /// (so that it never reads as an order number).
    public static func isValidPrefix(_ prefix: String) -> Bool {
        guard let first = prefix.first, first.isASCII, first.isUppercase, prefix.count <= 8 else { return false }
        return prefix.allSatisfy { $0.isASCII && ($0.isUppercase || $0.isNumber) }
    }

    static func isNumber<S: StringProtocol>(_ text: S) -> Bool {
        !text.isEmpty && text.count <= 12 && text.allSatisfy { $0.isASCII && $0.isNumber }
    }
}
