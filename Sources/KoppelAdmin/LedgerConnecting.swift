import Booking
import Foundation
import KoppelStore
import Moneybird

/// Stores a connection's Moneybird credentials, sealed: `koppel ledger connect|exchange` and the
/// dashboard's "Koppel met Moneybird" both go through here.
public struct LedgerConnecting {
    let database: KoppelDatabase
    let sealer: SecretSealer

    public init(database: KoppelDatabase, sealer: SecretSealer) {
        self.database = database
        self.sealer = sealer
    }

    /// Stores the credentials; the settings stay when the administration stays (a new token must
    /// not undo `koppel ledger map` or `koppel config moneybird`), and start afresh for another
    /// one, whose tax rates and workflows have other ids.
    /// - Throws: `AdminError` when another connection books into the administration under the same
    ///   references.
    public func connect(
        _ connection: Connection, baseURL: String, administration: String, tokens: MoneybirdOAuth.Tokens,
        delivery: MoneybirdSettings.DeliveryMethod? = nil, now: Int64
    ) throws {
        let sameAdministration =
            try database.ledgerAccess(connectionID: connection.id)?.administrationID == administration
        // Two connections booking into one administration under the same references would take each
        // other's bookings for their own (only connections from before prefixes can share one).
        for other in try database.connections()
        where other.id != connection.id && other.referencePrefix == connection.referencePrefix {
            if let access = try database.ledgerAccess(connectionID: other.id), access.baseURL == baseURL,
                access.administrationID == administration
            {
                throw AdminError.sharedAdministration(other: other, administration: administration)
            }
        }
        try database.setLedgerCredentials(
            connection: connection, baseURL: baseURL, administrationID: administration,
            tokensJSON: try JSONEncoder().encode(tokens), sealer: sealer, now: now)
        try database.updateLedgerSettings(connectionID: connection.id, now: now) { json in
            var settings =
                sameAdministration ? try LedgerFactory.moneybirdSettings(json, of: connection) : MoneybirdSettings()
            if let delivery { settings.deliveryMethod = delivery }
            json = String(decoding: try JSONEncoder().encode(settings), as: UTF8.self)
        }
    }
}
