import ArgumentParser
import Foundation
import KoppelCore
import Ledger
import LedgerProviders

/// koppel's OAuth application at each ledger (`LedgerClientEnvironment`).
enum LedgerClientConfiguration {
    static func all() throws -> [LedgerKind: LedgerOAuthClient] {
        try LedgerClientEnvironment.clients()
    }

    static func required(_ kind: LedgerKind) throws -> LedgerOAuthClient {
        guard let client = try LedgerClientEnvironment.client(for: kind) else {
            let prefix = "KOPPEL_" + kind.rawValue.uppercased()
            throw ValidationError("set \(prefix)_CLIENT_ID and \(prefix)_CLIENT_SECRET_FILE (koppel's \(kind.displayName) application)")
        }
        return client
    }
}
