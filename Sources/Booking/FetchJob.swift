import Foundation
import KoppelCore
import KoppelStore
import Logging
import Shop
import ShopProviders

/// The fetch job for one connection of a shop koppel asks for its orders (`koppel fetch`, and before
/// each booking pass of `koppel sync`): the shop's settings read and stored when they changed, then
/// every order new or changed since the stored cursor, stored with the cursor's move in one transaction.
public final class FetchJob {
    public struct Report: Sendable, Equatable, CustomStringConvertible {
        /// Orders the shop returned.
        public var fetched = 0
        /// Of those, new orders and new versions (a changed status, a changed content).
        public var stored = 0
        /// Statuses chosen by default for a connection that had no configuration.
        public var defaultsChosen = false
        /// Orders still open read again (the nightly recheck).
        public var readAgain = 0

        public init() {}

        public var description: String {
            "fetched \(fetched) orders" + (readAgain > 0 ? ", \(readAgain) open ones read again" : "") + ", \(stored) new or changed"
                + (defaultsChosen ? "; booked and cancel statuses chosen by default" : "")
        }
    }

    public static let job = "fetch"

    let database: KoppelDatabase
    let sealer: SecretSealer
    let logger: Logger
    let clock: () -> Int64

    public init(database: KoppelDatabase, sealer: SecretSealer, logger: Logger, clock: @escaping () -> Int64) {
        self.database = database
        self.sealer = sealer
        self.logger = logger
        self.clock = clock
    }

    /// Whether koppel fetches the orders of `connection`'s shop (rather than being pushed them).
    public static func fetches(_ connection: Connection) -> Bool {
        (try? ShopProviders.provider(for: connection.shop)) is any FetchingShopProvider
    }

    /// The source of the connection's orders, its stored access opened.
    public func source(for connection: Connection) throws -> any OrderSource {
        guard let provider = try ShopProviders.provider(for: connection.shop) as? any FetchingShopProvider else {
            throw FetchJobError(description: "koppel does not fetch \(connection.shop.rawValue) orders: the shop pushes them")
        }
        guard let sealed = try database.sealedShopAccess(connectionID: connection.id) else {
            throw FetchJobError(description: "no access to the shop is stored (koppel connection set-shop-access \(connection.licenseKey))")
        }
        return try provider.orderSource(access: try sealer.open(.shopAccess(sealed, of: connection)))
    }

    /// Fetches what changed since the stored cursor. Throws when the shop cannot be read (its error
    /// says why, never with a token); what was stored before stays, and the next run goes on from it.
    /// - Parameter readOpenAgain: also read every order still open again, one by one (the nightly
    ///   recheck), stored without moving the cursor.
    public func run(_ connection: Connection, readOpenAgain: Bool = false) throws -> Report {
        guard let lock = SyncLock(path: database.path + ".fetch-\(connection.id).lock") else {
            throw FetchJobError(description: "another fetch of this connection is running")
        }
        defer { withExtendedLifetime(lock) {} }
        let source = try source(for: connection)
        var report = Report()
        let settings = try source.settings()
        let (result, _) = try database.storeFetchedSettings(canonicalJSON: settings, connectionID: connection.id, now: clock())
        if result == .created { report.defaultsChosen = try chooseDefaultStatuses(connection, settings: settings) }

        var more = true
        while more {
            let cursor = try database.fetchCursor(connectionID: connection.id)
            let batch = try source.fetch(since: cursor.map(FetchCursor.init))
            let stored = try database.storeFetchedOrders(
                batch.orders, connectionID: connection.id, from: cursor, to: batch.next.value, now: clock())
            report.fetched += batch.orders.count
            report.stored += stored.filter { $0.result != .unchanged }.count
            more = batch.more
        }
        if readOpenAgain {
            let open = try database.openOrderReferences(connectionID: connection.id)
            let cursor = try database.fetchCursor(connectionID: connection.id)
            let orders = try source.orders(references: open)
            // The cursor stays where it is: `to` is what `from` is, so a fetch meanwhile still wins.
            let stored = try database.storeFetchedOrders(
                orders, connectionID: connection.id, from: cursor, to: cursor ?? "", now: clock())
            report.readAgain = orders.count
            report.stored += stored.filter { $0.result != .unchanged }.count
        }
        logger.info("fetch done", metadata: ["license": "\(connection.licenseKey)", "report": "\(report)"])
        return report
    }

    /// With its first settings, a connection whose statuses nobody chose gets the shop's default
    /// booked and cancel statuses (a choice made before, `koppel config statuses`, stays).
    private func chooseDefaultStatuses(_ connection: Connection, settings: Data) throws -> Bool {
        guard let provider = try ShopProviders.provider(for: connection.shop) as? any FetchingShopProvider else { return false }
        let defaults = try provider.defaultStatuses(settingsJSON: String(decoding: settings, as: UTF8.self))
        var chosen = false
        try database.updateBookingConfiguration(connectionID: connection.id, now: clock()) { configuration in
            guard configuration.bookedStatusIDs.isEmpty else { return }
            configuration.bookedStatusIDs = defaults.booked.compactMap { Int64($0) }
            if configuration.cancelStatusIDs.isEmpty { configuration.cancelStatusIDs = defaults.cancelled.compactMap { Int64($0) } }
            chosen = true
        }
        return chosen
    }
}

public struct FetchJobError: Error, CustomStringConvertible {
    public var description: String
}
