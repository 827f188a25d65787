import Foundation
import Synchronization

/// Credentials a ledger issued for a login that reaches several administrations (Minox: several
/// tenants or administrations), waiting for the owner to choose one. Kept in memory only, never on
/// disk, for 15 minutes at most; per session (its cookie's SHA-256) and connection. A restart of
/// koppel-web loses them: the owner connects again.
final class PendingLedgerChoices: Sendable {
    struct Administration: Sendable, Equatable, Encodable {
        /// As the provider stores it (Minox: `tenant/administration`).
        var id: String
        var name: String
    }

    struct Choice: Sendable {
        var baseURL: String
        /// The provider's credentials JSON.
        var credentialsJSON: Data
        var administrations: [Administration]
        var expiresAt: Int64
    }

    struct Key: Hashable, Sendable {
        var sessionHash: Data
        var connectionID: Int64
    }

    static let lifetime: Int64 = 15 * 60
    private let choices = Mutex<[Key: Choice]>([:])

    func put(_ choice: Choice, for key: Key, now: Int64) {
        choices.withLock { choices in
            choices = choices.filter { $0.value.expiresAt > now }
            choices[key] = choice
        }
    }

    func peek(_ key: Key, now: Int64) -> Choice? {
        choices.withLock { choices in choices[key].flatMap { $0.expiresAt > now ? $0 : nil } }
    }

    func take(_ key: Key, now: Int64) -> Choice? {
        choices.withLock { choices in choices.removeValue(forKey: key).flatMap { $0.expiresAt > now ? $0 : nil } }
    }
}
