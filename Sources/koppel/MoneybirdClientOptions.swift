import ArgumentParser
import Foundation
import KoppelAdmin
import Moneybird

/// koppel's OAuth application at Moneybird (KoppelAdmin's `MoneybirdClientEnvironment`).
enum MoneybirdClientConfiguration {
    static func fromEnvironment() throws -> MoneybirdOAuth.Client? {
        try MoneybirdClientEnvironment.client()
    }
    static func required() throws -> MoneybirdOAuth.Client {
        guard let client = try fromEnvironment() else {
            throw ValidationError("set KOPPEL_MONEYBIRD_CLIENT_ID and KOPPEL_MONEYBIRD_CLIENT_SECRET_FILE (koppel's Moneybird application)")
        }
        return client
    }
}
