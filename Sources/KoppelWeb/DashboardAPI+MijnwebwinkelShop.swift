import Foundation
import KoppelAdmin
import KoppelCore
import KoppelStore
import Logging

/// Configuratie's shop section for a Mijnwebwinkel connection: koppel fetches the orders, so there
/// is no license or API key to enter in a shop module. Shown instead: the shop's name, when orders
/// were last fetched, and a form to replace the store token (the account's password again; the
/// token is checked against the shop before it is stored and never shown back).
extension DashboardAPI {
    struct MijnwebwinkelShopJSON: Encodable {
        var shop = "mijnwebwinkel"
        /// The name the shop's `/store` gives; null while neither a fetch nor a check reached it.
        var storeName: String?
        var accessSet: Bool
        var lastFetchAt: Int64?
        /// In Dutch: why the last fetch failed; null when it worked or none ran yet.
        var lastFetchProblem: String?
    }

    struct StoreTokenForm: Decodable {
        var storeToken: String
        var password: String
    }

    func mijnwebwinkelShopRoute(_ request: WebRequest, license: String, session: WebSession) async throws -> WebAnswer {
        guard let connection = try database.connection(license: license) else { throw WebError.notFound }
        switch (request.method, request.path.last) {
        case ("GET", "shop"):
            var facts = try MijnwebwinkelStoreToken.facts(of: connection, in: database)
            if facts.storeName == nil, facts.accessSet {
                // Before the first fetch: ask the shop itself (its name is what `koppel connection check`
                // shows). A shop that does not answer leaves the name unknown; the page says so.
                do { facts.storeName = try await checkedStoreName(connection) } catch {
                    logger.info("shop name not checked", metadata: ["connection": "\(connection.id)", "problem": "\(error)"])
                }
            }
            return try WebAnswer.json(
                MijnwebwinkelShopJSON(
                    storeName: facts.storeName, accessSet: facts.accessSet, lastFetchAt: facts.lastFetchAt,
                    lastFetchProblem: facts.lastFetchProblem.map { _ in
                        "Het ophalen van bestellingen is mislukt. Controleer de winkeltoken of probeer het later opnieuw."
                    }))
        case ("PUT", "store-token"):
            let form = try Self.decodeSnakeCase(StoreTokenForm.self, request)
            if let problem = MijnwebwinkelStoreToken.problem(with: form.storeToken) {
                throw WebError.invalidField(problem.field, problem.dutch)
            }
            try await confirmPassword(form.password, request: request, session: session)
            let sealer = SecretSealer(masterKey: try MasterKey.load(from: masterKeyPath))
            let replacing = MijnwebwinkelStoreToken(database: database, sealer: sealer)
            let now = clock()
            let name: String
            do {
                // A call to the shop: off the server's event loops.
                name = try await Task.detached { try replacing.replace(with: form.storeToken, connection: connection, now: now) }.value
            } catch let problem as ConfigurationError {
                throw WebError.invalidField(problem.field, problem.dutch)
            } catch let error as MijnwebwinkelStoreToken.ShopDidNotAnswer {
                logger.warning("store token not checked", metadata: ["connection": "\(connection.id)", "problem": "\(error)"])
                throw WebError(
                    status: 502, code: "shop_unavailable",
                    message: "Mijnwebwinkel is nu niet bereikbaar; de winkeltoken is niet gewijzigd. Probeer het later opnieuw.")
            }
            logger.info("dashboard store token set", metadata: ["user": "\(session.userID)", "connection": "\(connection.id)"])
            return try WebAnswer.json(["message": "De winkeltoken is opgeslagen: de winkel \u{201C}\(name)\u{201D} antwoordt."])
        default:
            throw WebError.notFound
        }
    }

    private func checkedStoreName(_ connection: Connection) async throws -> String {
        let sealer = SecretSealer(masterKey: try MasterKey.load(from: masterKeyPath))
        guard let sealed = try database.sealedShopAccess(connectionID: connection.id) else { throw WebError.notFound }
        let json = try sealer.open(.shopAccess(sealed, of: connection))
        return try await Task.detached { try MijnwebwinkelStoreToken.storeName(accessJSON: json) }.value
    }
}
