import Foundation
import KoppelCore
import Ledger

/// koppel's OAuth application at each ledger, one per installation: from the environment, so that
/// its secret stays out of command lines: `KOPPEL_<LEDGER>_CLIENT_ID`, `KOPPEL_<LEDGER>_CLIENT_SECRET_FILE`
/// and `KOPPEL_<LEDGER>_REDIRECT_URI` (e.g. `KOPPEL_MINOX_CLIENT_ID`).
public enum LedgerClientEnvironment {
    public static func client(for kind: LedgerKind) throws -> LedgerOAuthClient? {
        let environment = ProcessInfo.processInfo.environment
        let prefix = "KOPPEL_" + kind.rawValue.uppercased()
        guard let id = environment[prefix + "_CLIENT_ID"], let secretFile = environment[prefix + "_CLIENT_SECRET_FILE"] else {
            return nil
        }
        let secret = try String(contentsOfFile: secretFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        // Out of band by default: the ledger shows the code (or the address it lands on carries
        // it), and the person hands it to `koppel ledger exchange`.
        let redirect = environment[prefix + "_REDIRECT_URI"] ?? "urn:ietf:wg:oauth:2.0:oob"
        return LedgerOAuthClient(id: id, secret: secret, redirectURI: redirect)
    }

    /// Every provider's application that is configured.
    public static func clients() throws -> [LedgerKind: LedgerOAuthClient] {
        var clients: [LedgerKind: LedgerOAuthClient] = [:]
        for provider in LedgerProviders.all {
            if let client = try client(for: provider.kind) { clients[provider.kind] = client }
        }
        return clients
    }
}
