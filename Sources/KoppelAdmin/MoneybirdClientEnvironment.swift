import Foundation
import KoppelCore
import LedgerProviders
import Moneybird

/// koppel's OAuth application at Moneybird (`LedgerClientEnvironment`: `KOPPEL_MONEYBIRD_CLIENT_ID`,
/// `KOPPEL_MONEYBIRD_CLIENT_SECRET_FILE`, `KOPPEL_MONEYBIRD_REDIRECT_URI`), for the dashboard's connect.
public enum MoneybirdClientEnvironment {
    public static func client() throws -> MoneybirdOAuth.Client? {
        try LedgerClientEnvironment.client(for: .moneybird)
    }
}
