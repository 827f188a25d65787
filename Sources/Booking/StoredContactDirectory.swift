import KoppelStore
import Ledger

/// The contact directory in koppel's database: shared by every run and process. A failing read or
/// write only costs a search request, so errors are not passed on.
struct StoredContactDirectory: ContactDirectory {
    let database: KoppelDatabase

    func contactID(email: String, administration: String) -> String? {
        try? database.ledgerContactID(email: email, administration: administration)
    }

    func remember(contactID: String, email: String, administration: String) {
        try? database.rememberLedgerContact(contactID, email: email, administration: administration)
    }

    func forget(email: String, administration: String) {
        try? database.forgetLedgerContact(email: email, administration: administration)
    }
}
