/// The rules for the API key a shop owner chooses in the shop extension: 15 to 64 characters,
/// letters, digits and `!*@#()=` (the same rule the shop extensions check in their forms).
public enum APIKeyRules {
    public static let allowedPunctuation = Set("!*@#()=".utf8)
    public static let lengthRange = 15...64

    /// Why a key is refused, in words a shop owner understands; nil when it is acceptable.
    /// The key itself is never part of the message.
    public static func problem(with key: String) -> String? {
        let bytes = Array(key.utf8)
        guard lengthRange.contains(bytes.count) else {
            return "the API key must be 15 to 64 characters long (it has \(bytes.count))"
        }
        let isAllowed: (UInt8) -> Bool = { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5a) || (byte >= 0x61 && byte <= 0x7a)
                || allowedPunctuation.contains(byte)
        }
        guard bytes.allSatisfy(isAllowed) else {
            return "the API key may contain only letters a-z and A-Z, digits and the characters !*@#()="
        }
        return nil
    }
}
