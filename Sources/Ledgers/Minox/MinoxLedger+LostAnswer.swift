import KoppelCore
import Ledger

extension MinoxLedger {
    /// A create whose answer was lost is settled by its uuid (`GET transaction_line_batch/{uuid}`,
    /// one request per create koppel made for the order) instead of reading two years of lines by
    /// order number. Every Minox entry koppel makes carries such a uuid, so an order none of them
    /// finds has no entry of koppel's; one a person typed in Minox by hand is not adopted (the
    /// reconciler reports it as a duplicate).
    public func inspect(idempotencyKeys: [String], reference: String, includingCredit: Bool) throws(LedgerError) -> LedgerDocumentStatus? {
        for key in idempotencyKeys {
            if let found = try inspect(idempotencyKey: key, includingCredit: includingCredit) { return found }
        }
        return nil
    }
}
