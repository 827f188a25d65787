/// Remembers which ledger contact belongs to a customer e-mail, per administration, so that a
/// returning customer costs no search request. Contacts are never changed by koppel, so a
/// remembered id stays right until someone deletes the contact in the ledger; the adapter then
/// forgets it and searches again.
public protocol ContactDirectory: Sendable {
    func contactID(email: String, administration: String) -> String?
    func remember(contactID: String, email: String, administration: String)
    func forget(email: String, administration: String)
}
