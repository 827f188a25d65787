import Foundation
import SandboxSupport
import Synchronization

/// What one sandbox run holds: customers, journal entries (batches), payments on open items and the
/// issued OAuth tokens. Kept in memory: a run is one test or one demo, and a restart begins empty.
final class MinoxBooks: Sendable {
    struct Customer: Sendable {
        var id: Int
        var body: JSONValue
        var email: String?
        var externalID: String?
        var name: String
    }

    struct Batch: Sendable {
        var id: String
        /// The lines as stored and read back, in the order sent.
        var lines: [JSONValue]
        var entryNumber: Int
        var openItems: [OpenItem]
    }

    /// A debtor line: the amount the customer owes on one invoice number (a receivable).
    struct OpenItem: Sendable {
        var customerID: Int
        var invoiceNumber: Int
        var date: String
        var dueDate: String
        var total: Int64
    }

    struct Token: Sendable {
        var refreshToken: String
        var scope: Set<String>
        var expiresAt: Date
    }

    struct Code: Sendable {
        var redirectURI: String
        var scope: Set<String>
        var expiresAt: Date
    }

    struct State: Sendable {
        var customers: [Int: Customer] = [:]
        var batches: [String: Batch] = [:]
        /// Batch ids in the order first stored, so lists read back in booking order.
        var batchOrder: [String] = []
        var nextEntryNumber = 1
        /// Paid per open item, keyed "customer/invoice".
        var paid: [String: Int64] = [:]
        var tokens: [String: Token] = [:]
        var codes: [String: Code] = [:]

        var nextCustomerID: Int { (customers.keys.max() ?? 100_000) + 1 }

        func customer(email: String) -> Customer? {
            let wanted = email.lowercased()
            return customers.values.sorted { $0.id < $1.id }.first { $0.email == wanted }
        }

        func paidAmount(_ item: OpenItem) -> Int64 { paid["\(item.customerID)/\(item.invoiceNumber)"] ?? 0 }
    }

    private let state = Mutex(State())

    func withState<T: Sendable>(_ body: (inout State) throws(MinoxError) -> T) throws(MinoxError) -> T {
        try state.withLock { (state: inout State) throws(MinoxError) -> T in try body(&state) }
    }

    /// Empties customers, batches and payments; tokens stay, so a test can reset without signing in again.
    func reset() {
        state.withLock { state in
            let tokens = state.tokens
            state = State()
            state.tokens = tokens
        }
    }
}
