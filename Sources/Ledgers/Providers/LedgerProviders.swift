import KoppelCore
import Ledger
import Asperion
import Factuursturen
import Minox
import Moneybird

/// Every ledger koppel books into. Adding a ledger: a folder under Ledgers/ with its adapter and
/// provider, one under Sandboxes/, and one line here.
public enum LedgerProviders {
    public static let all: [any LedgerProvider] = [
        MoneybirdProvider(),
        MinoxProvider(),
        FactuursturenProvider(),
        AsperionProvider(),
    ]

    /// The provider of `kind`; a ledger without one is `unsupported_ledger`, not a credentials problem.
    public static func provider(for kind: LedgerKind) throws(UnsupportedLedger) -> any LedgerProvider {
        guard let provider = all.first(where: { $0.kind == kind }) else { throw UnsupportedLedger(kind: kind) }
        return provider
    }
}

/// A connection whose ledger koppel cannot book into (yet): no provider is listed for it.
public struct UnsupportedLedger: Error, Sendable, CustomStringConvertible {
    public var kind: LedgerKind
    public var code: String { "unsupported_ledger" }
    public var description: String {
        "unsupported_ledger: koppel cannot book into \(kind.displayName) (no ledger provider for \(kind.rawValue))"
    }
}
