import KoppelStore

/// What an operator or a dashboard user asked that cannot be done, in words for them.
public struct AdminError: Error, Equatable, CustomStringConvertible {
    public let description: String

    public static let passwordTooShort = AdminError(
        description: "the password must be at least \(PasswordHash.minimumLength) characters")
    public static func noOrder(_ id: Int64) -> AdminError { AdminError(description: "no order with id \(id)") }
    public static func nothingToReprocess(_ id: Int64, state: String) -> AdminError {
        AdminError(description: "order \(id) is \(state): nothing to reprocess")
    }
    public static func unknownUser(_ email: String) -> AdminError { AdminError(description: "no user \(email)") }
    public static func sharedAdministration(other: Connection, administration: String) -> AdminError {
        AdminError(
            description: "\(other.name) (\(other.licenseKey)) books into administration \(administration) with the same "
                + "references; give this connection a reference prefix of its own first (koppel connection set-prefix)")
    }
    public static func unknownConnection(_ license: String) -> AdminError {
        AdminError(description: "no connection has license \(license)")
    }
}
