import Foundation
import Moneybird

/// koppel's OAuth application at Moneybird, one per installation: from the environment, so that
/// its secret stays out of command lines (`KOPPEL_MONEYBIRD_CLIENT_ID`,
/// `KOPPEL_MONEYBIRD_CLIENT_SECRET_FILE`, `KOPPEL_MONEYBIRD_REDIRECT_URI`).
public enum MoneybirdClientEnvironment {
    public static func client() throws -> MoneybirdOAuth.Client? {
        let environment = ProcessInfo.processInfo.environment
        guard let id = environment["KOPPEL_MONEYBIRD_CLIENT_ID"],
            let secretFile = environment["KOPPEL_MONEYBIRD_CLIENT_SECRET_FILE"]
        else {
            return nil
        }
        let secret = try String(contentsOfFile: secretFile, encoding: .utf8).trimmingCharacters(
            in: .whitespacesAndNewlines)
        // Out of band: Moneybird shows the code to the person, who hands it to `koppel ledger exchange`.
        let redirect = environment["KOPPEL_MONEYBIRD_REDIRECT_URI"] ?? "urn:ietf:wg:oauth:2.0:oob"
        return MoneybirdOAuth.Client(id: id, secret: secret, redirectURI: redirect)
    }
}
