import Foundation
import KoppelCore

/// The provider's members as callers without its types use them: credentials and settings as the
/// JSON that is stored (the credentials sealed), never as the provider's own types.
extension LedgerProvider {
    public func open(_ opening: LedgerOpening, credentialsJSON: String, settingsJSON: String?) throws -> any Ledger {
        try open(opening, credentials: try decodeCredentials(credentialsJSON), settings: try decodeSettings(settingsJSON))
    }

    /// Standard input of `koppel ledger connect`: the credentials as JSON (`{"accessToken", "refreshToken",
    /// "expiresAt"}`), or a bare access token.
    public func credentialsJSON(fromInput input: String) throws -> Data {
        let text = input.trimmingCharacters(in: .whitespacesAndNewlines)
        guard text.hasPrefix("{") else { return try JSONEncoder().encode(credentials(accessToken: text)) }
        do {
            return try JSONEncoder().encode(JSONDecoder().decode(Credentials.self, from: Data(text.utf8)))
        } catch {
            throw LedgerSetupError("the tokens on standard input are not \(kind.displayName) credentials")
        }
    }

    /// Whether the stored access token should be refreshed before use (a minute's margin).
    public func needsRefresh(credentialsJSON: String, now: Int64) throws -> Bool {
        guard let expiresAt = expiresAt(try decodeCredentials(credentialsJSON)) else { return false }
        return expiresAt <= now + 60
    }

    public func refresh(credentialsJSON: String, baseURL: String, client: LedgerOAuthClient?, now: Int64) throws -> Data {
        try JSONEncoder().encode(refresh(try decodeCredentials(credentialsJSON), baseURL: baseURL, client: client, now: now))
    }

    public func administrations(baseURL: String, client: LedgerOAuthClient, credentialsJSON: Data) throws -> [(id: String, name: String)] {
        try administrations(
            baseURL: baseURL, client: client, credentials: try decodeCredentials(String(decoding: credentialsJSON, as: UTF8.self)))
    }

    public func exchangeJSON(code: String, baseURL: String, client: LedgerOAuthClient, now: Int64) throws -> Data {
        try JSONEncoder().encode(exchange(code: code, baseURL: baseURL, client: client, now: now))
    }

    /// The settings to store when a connection is (re)connected: the stored ones when the
    /// administration stays (a new token must not undo `koppel ledger map` or `koppel config`),
    /// else the initial ones, whose ids belong to no other administration.
    public func settingsJSON(afterConnecting stored: String?, sameAdministration: Bool) throws -> String? {
        if sameAdministration, let stored {
            _ = try decodeSettings(stored)
            return stored
        }
        return try initialSettings.map(Self.encode)
    }

    public func settingsJSON(setting key: String, to value: String, in stored: String?) throws -> String {
        try Self.encode(set(key, to: value, in: try decodeSettings(stored)))
    }

    public func settingsJSON(mapped stored: String?, reference: LedgerReferenceData, zeroRateCode: String?) throws -> String? {
        try mapped(try decodeSettings(stored), reference: reference, zeroRateCode: zeroRateCode).map(Self.encode)
    }

    public func decodeSettings(_ json: String?) throws -> Settings? {
        guard let json else { return initialSettings }
        do {
            return try JSONDecoder().decode(Settings.self, from: Data(json.utf8))
        } catch {
            throw UnreadableLedgerSettings(ledger: kind)
        }
    }

    func decodeCredentials(_ json: String) throws -> Credentials {
        do {
            return try JSONDecoder().decode(Credentials.self, from: Data(json.utf8))
        } catch {
            throw LedgerError(.unauthorized, "the stored \(kind.displayName) credentials are unreadable: connect \(kind.displayName) again")
        }
    }

    static func encode(_ settings: Settings) throws -> String {
        String(decoding: try JSONEncoder().encode(settings), as: UTF8.self)
    }
}

/// The settings as JSON, read through the provider's own type.
extension LedgerProvider {
    public func values(ofSettingsJSON json: String?) throws -> [String: String] {
        values(of: try decodeSettings(json))
    }

    public func missingKeys(inSettingsJSON json: String?) throws -> [String] {
        missingKeys(in: try decodeSettings(json))
    }
}
