import Booking
import KoppelCore
import KoppelStore
import Ledger
import LedgerProviders

/// How the reconciler opens a connection's ledger and learns what the ledger can do: through its
/// provider (`LedgerFactory`, `LedgerProviders`) unless an adapter is opened by other means.
public struct ReconcileLedgers {
    public var open: (Connection) throws -> any Ledger
    /// Refreshes the stored access once after the ledger refused it.
    public var refreshAccess: (Connection) throws -> Void
    public var capabilities: (Connection) throws -> LedgerCapabilities

    public init(
        open: @escaping (Connection) throws -> any Ledger, refreshAccess: @escaping (Connection) throws -> Void,
        capabilities: @escaping (Connection) throws -> LedgerCapabilities
    ) {
        self.open = open
        self.refreshAccess = refreshAccess
        self.capabilities = capabilities
    }

    /// Every connection's ledger through its provider.
    public init(_ factory: LedgerFactory) {
        open = factory.ledger(for:)
        refreshAccess = factory.refreshTokens(for:)
        capabilities = { try LedgerProviders.provider(for: $0.ledger).capabilities }
    }
}
