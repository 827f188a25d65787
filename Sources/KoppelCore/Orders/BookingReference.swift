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

    /// The reference of one order from the shop's order reference (text, as the store keeps it).
    /// Store 0 is a shop's default (and often only) store.
    public func reference(order: String, storeID: Int64 = 0) -> String {
        guard !prefix.isEmpty else { return order }
        return storeID == 0 ? "\(prefix)-\(order)" : "\(prefix)-\(storeID)-\(order)"
    }

    /// The reference of an order whose shop numbers its orders (OpenCart).
    public func reference(orderID: Int64, storeID: Int64) -> String {
        reference(order: String(orderID), storeID: storeID)
    }

    /// The order number in one of this connection's references, where the shop's is a number.
    public func orderID(in reference: String) -> Int64? {
        orderReference(in: reference).flatMap { Int64($0) }
    }

    /// Whether `reference` has this connection's form: what the reconciler counts as koppel's.
    /// Without a prefix only bare numbers (the references of before prefixes, OpenCart's).
    public func matches(_ reference: String) -> Bool {
        orderReference(in: reference) != nil
    }

    /// The shop's order reference in one of this connection's references: "1024" in "K7Q-1024"
    /// and "K7Q-2-1024", "T-1001" in "K7Q-T-1001". Nil when the reference is not of this form.
    public func orderReference(in reference: String) -> String? {
        guard !prefix.isEmpty else { return Self.isNumber(reference) ? reference : nil }
        guard reference.hasPrefix(prefix + "-") else { return nil }
        let rest = reference.dropFirst(prefix.count + 1)
        let parts = rest.split(separator: "-", omittingEmptySubsequences: false)
        // A store number before a numeric order reference ("2-1024"), else the whole rest is the
        // shop's reference, of letters, digits and dashes ("1001", "T-1001").
        if parts.count == 2, parts.allSatisfy(Self.isNumber) { return String(parts[1]) }
        guard Self.isOrderReference(rest) else { return nil }
        return String(rest)
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

    /// What koppel takes for a shop's order reference in a booking reference: a number, or 1 to
    /// 32 ASCII letters, digits and inner dashes with at least one letter (digits and dashes alone
    /// would read as a store and an order, so "1-2-3" is nobody's).
    static func isOrderReference<S: StringProtocol>(_ text: S) -> Bool {
        if isNumber(text) { return true }
        guard let first = text.first, let last = text.last, first != "-", last != "-", text.count <= 32 else { return false }
        return text.contains(where: \.isLetter) && text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
    }

    static func isNumber<S: StringProtocol>(_ text: S) -> Bool {
        !text.isEmpty && text.count <= 12 && text.allSatisfy { $0.isASCII && $0.isNumber }
    }
}
