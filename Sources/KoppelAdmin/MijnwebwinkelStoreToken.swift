import Foundation
import KoppelCore
import KoppelStore
import Mijnwebwinkel

/// A Mijnwebwinkel connection as Configuratie shows it (the shop's name, when orders were last
/// fetched) and its store token replaced there: the new token is checked against the shop before
/// it is stored, and stored sealed together with the partner token and address already stored,
/// so the stored access is always one that worked. `koppel connection set-shop-access` does the same.
public struct MijnwebwinkelStoreToken: Sendable {
    let database: KoppelDatabase
    let sealer: SecretSealer

    public init(database: KoppelDatabase, sealer: SecretSealer) {
        self.database = database
        self.sealer = sealer
    }

    public struct Facts: Sendable {
        /// From the newest settings the fetch stored (`/store`'s name); nil before the first fetch.
        public var storeName: String?
        public var accessSet: Bool
        /// The last fetch run: when, and its problem if it failed; nil before the first.
        public var lastFetchAt: Int64?
        public var lastFetchProblem: String?
    }

    /// The shop could not be asked (unreachable, a 5xx, an answer koppel cannot read): the token is
    /// neither known good nor bad, so it is not stored. The message is free of tokens.
    public struct ShopDidNotAnswer: Error, CustomStringConvertible {
        public var description: String
    }

    /// What is known without asking the shop.
    public static func facts(of connection: Connection, in database: KoppelDatabase) throws -> Facts {
        // Settings that do not read as Mijnwebwinkel's leave the name unknown: then the page asks the shop.
        let storeName = try database.latestSettings(connectionID: connection.id).flatMap { json in
            try? JSONDecoder().decode(MijnwebwinkelShopSettings.self, from: Data(json.utf8)).storeName
        }
        let fetch = try database.lastRuns(connectionID: connection.id).first { $0.job == "fetch" }  // `KoppelDatabase.fetchJob`
        return Facts(
            storeName: storeName, accessSet: try database.sealedShopAccess(connectionID: connection.id) != nil,
            lastFetchAt: fetch?.at, lastFetchProblem: fetch?.problem)
    }

    /// The shop's name as `/store` gives it, asked with the stored access (its JSON, opened).
    public static func storeName(accessJSON: String) throws -> String {
        try MijnwebwinkelOrderSource(access: try MijnwebwinkelStoredAccess(json: accessJSON).clientAccess).storeName()
    }

    /// Why a token is refused before asking the shop; nil when it may be tried.
    public static func problem(with token: String) -> ConfigurationError? {
        let trimmed = token.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty {
            return ConfigurationError(field: "store_token", "the store token is empty", dutch: "Vul de winkeltoken in.")
        }
        if trimmed.utf8.count > 512 || trimmed.contains(where: { $0.isWhitespace }) {
            return ConfigurationError(
                field: "store_token", "the store token is not one Mijnwebwinkel makes",
                dutch: "Dit is geen winkeltoken: kopieer de token uit Mijnwebwinkel (Instellingen › API) zonder spaties.")
        }
        return nil
    }

    /// Checks `token` against the shop with the stored partner token and address, then stores it;
    /// the shop's name when it answered. Nothing is stored when the shop refuses or cannot be
    /// reached. Blocks on the network: call it off an event loop.
    public func replace(with token: String, connection: Connection, now: Int64) throws -> String {
        let token = token.trimmingCharacters(in: .whitespacesAndNewlines)
        if let problem = Self.problem(with: token) { throw problem }
        guard let sealed = try database.sealedShopAccess(connectionID: connection.id) else {
            throw ConfigurationError(
                field: "store_token", "no shop access is stored yet: koppel connection set-shop-access",
                dutch: "Deze koppeling heeft nog geen toegang tot de winkel; de beheerder stelt die eerst in.")
        }
        var access = try MijnwebwinkelStoredAccess(json: try sealer.open(.shopAccess(sealed, of: connection)))
        access.storeToken = token
        let name: String
        do {
            name = try MijnwebwinkelOrderSource(access: access.clientAccess).storeName()
        } catch let error as MijnwebwinkelError where error.kind == .unauthorized {
            throw ConfigurationError(
                field: "store_token", "Mijnwebwinkel refused the store token",
                dutch: "Mijnwebwinkel weigert deze winkeltoken. Controleer de token in Mijnwebwinkel (Instellingen › API); "
                    + "er is niets gewijzigd.")
        } catch let error as MijnwebwinkelError {
            throw ShopDidNotAnswer(description: error.message)
        }
        try database.setShopAccess(connection: connection, accessJSON: access.json, sealer: sealer, now: now)
        return name
    }
}
