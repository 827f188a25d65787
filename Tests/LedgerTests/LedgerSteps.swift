import Foundation
import KoppelCore
import Ledger

extension Ledger {
    /// Every step of a booking in a row, as the booking job makes them when nothing fails.
    func book(_ booking: PreparedBooking) throws(LedgerError) -> String {
        let document = try create(booking, idempotencyKey: UUID().uuidString)
        for step in steps(for: booking) where step != .create {
            try perform(step, on: LedgerDocumentReference(id: document.id, gross: document.gross), for: booking)
        }
        return document.id
    }
}
