/// Why a ledger did not do what was asked, sorted by what koppel should do next.
public struct LedgerError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// The ledger refused the request (a 4xx validation error): retrying the same will fail.
        case refused
        /// The credentials are wrong, expired or revoked: a person must reconnect the ledger.
        case unauthorized
        /// Over the rate limit: nothing was done; try again after `retryAfter` (unix seconds).
        case rateLimited(retryAfter: Int64)
        /// Nothing was done because this document's time has not come (Asperion's day file is
        /// delivered after its run hour): ask again at `until` (unix seconds). Unlike a rate limit,
        /// the ledger takes other calls meanwhile, so the run goes on with the other orders.
        case notYet(until: Int64)
        /// The ledger failed (5xx) or the answer was lost (timeout, dropped connection): it may or
        /// may not have done it.
        case uncertain
        /// No connection was made: nothing reached the ledger.
        case unreachable
    }

    public var kind: Kind
    /// The ledger's own message, or the transport's; never a credential.
    public var message: String
    /// The ledger field the message is about, when it says.
    public var field: String?

    public init(_ kind: Kind, _ message: String, field: String? = nil) {
        self.kind = kind
        self.message = message
        self.field = field
    }

    /// Whether the ledger may have acted although the answer says otherwise.
    public var mayHaveReachedLedger: Bool {
        if case .uncertain = kind { return true }
        return false
    }

    public var description: String {
        field.map { "\(message) (\($0))" } ?? message
    }
}
