/// A license key: the public identifier of a connection, sent with every push in
/// `X-Koppel-License`. It names the connection; the API key proves the sender.
public struct LicenseKey: Hashable, Sendable, CustomStringConvertible {
    public let value: String

    /// Crockford's base32 alphabet: no I, L, O or U, so a key read aloud or typed is not misread.
    static let alphabet = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ".utf8)

    public init?(_ text: String) {
        let groups = text.split(separator: "-", omittingEmptySubsequences: false)
        guard groups.count == 5, groups[0] == "KPL",
            groups.dropFirst().allSatisfy({ $0.utf8.count == 5 && $0.utf8.allSatisfy(LicenseKey.alphabet.contains) })
        else { return nil }
        self.value = text
    }

    /// A new random key, `KPL-XXXXX-XXXXX-XXXXX-XXXXX`: 100 random bits.
    public static func generate() -> LicenseKey {
        var generator = SystemRandomNumberGenerator()
        var groups = ["KPL"]
        for _ in 0..<4 {
            let group = (0..<5).map { _ in alphabet[Int(generator.next(upperBound: UInt32(alphabet.count)))] }
            groups.append(String(decoding: group, as: UTF8.self))
        }
        return LicenseKey(groups.joined(separator: "-"))!
    }

    public var description: String { value }
}
