import ArgumentParser
import Foundation
import KoppelCore
import KoppelStore
import Mijnwebwinkel

/// How koppel reaches a shop it fetches orders from (Mijnwebwinkel): the token files and the API's
/// address. Tokens are read from files, never from the command line (shell history, process lists),
/// and never printed.
struct ShopAccessOptions: ParsableArguments {
    @Option(help: "Mijnwebwinkel: a file holding the shop's store token (the shop owner makes it under Instellingen › API).")
    var storeTokenFile: String?

    @Option(help: "Mijnwebwinkel: a file holding koppel's partner token (default: $KOPPEL_MIJNWEBWINKEL_PARTNER_TOKEN_FILE).")
    var partnerTokenFile: String?

    @Option(help: "Mijnwebwinkel: the Connect API's address (default \(MijnwebwinkelAccess.liveBaseURL)).")
    var shopURL: String?

    var given: Bool { storeTokenFile != nil || partnerTokenFile != nil || shopURL != nil }

    /// The access of a `shop` connection as its adapter stores it; nil for a shop that pushes.
    func access(for shop: ShopKind) throws -> MijnwebwinkelStoredAccess? {
        guard shop == .mijnwebwinkel else {
            if given { throw ValidationError("--store-token-file, --partner-token-file and --shop-url are for a shop koppel fetches from (mijnwebwinkel)") }
            return nil
        }
        guard let storeTokenFile else { throw ValidationError("a Mijnwebwinkel connection needs --store-token-file") }
        guard let partnerFile = partnerTokenFile ?? ProcessInfo.processInfo.environment["KOPPEL_MIJNWEBWINKEL_PARTNER_TOKEN_FILE"] else {
            throw ValidationError("a Mijnwebwinkel connection needs koppel's partner token: --partner-token-file or $KOPPEL_MIJNWEBWINKEL_PARTNER_TOKEN_FILE")
        }
        let url = shopURL ?? MijnwebwinkelAccess.liveBaseURL
        guard url.hasPrefix("https://") || url.hasPrefix("http://") else { throw ValidationError("--shop-url must start with https://") }
        return MijnwebwinkelStoredAccess(
            baseURL: url, storeToken: try Self.token(in: storeTokenFile, what: "store token"),
            partnerToken: try Self.token(in: partnerFile, what: "partner token"))
    }

    /// The file's first line, trimmed; its name in the error, never its content.
    static func token(in path: String, what: String) throws -> String {
        guard let data = FileManager.default.contents(atPath: path) else { throw ValidationError("cannot read the \(what) file \(path)") }
        let token = String(decoding: data, as: UTF8.self).split(whereSeparator: \.isNewline).first.map {
            $0.trimmingCharacters(in: .whitespaces)
        } ?? ""
        guard !token.isEmpty else { throw ValidationError("the \(what) file \(path) is empty") }
        return token
    }
}

/// The connection check of a fetched shop: both tokens work, and the shop's name.
enum ShopCheck {
    static func shopName(_ access: MijnwebwinkelStoredAccess) throws -> String {
        try MijnwebwinkelOrderSource(access: access.clientAccess).storeName()
    }

    /// The stored access of `connection`, opened.
    static func storedAccess(of connection: Connection, in database: KoppelDatabase, masterKeyPath: String) throws -> MijnwebwinkelStoredAccess {
        guard let sealed = try database.sealedShopAccess(connectionID: connection.id) else {
            throw ValidationError("no access to the shop is stored for \(connection.licenseKey) (koppel connection set-shop-access)")
        }
        let sealer = SecretSealer(masterKey: try MasterKey.load(from: masterKeyPath))
        return try MijnwebwinkelStoredAccess(json: try sealer.open(.shopAccess(sealed, of: connection)))
    }
}
