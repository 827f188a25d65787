/// What an account's e-mail address must look like, for `koppel user add` and Profiel alike.
public enum AccountRules {
    /// The address, or nil when it is not one: it needs an `@` and no whitespace.
    public static func email(_ text: String) -> String? {
        guard text.contains("@"), !text.contains(where: \.isWhitespace) else { return nil }
        return text
    }
}
