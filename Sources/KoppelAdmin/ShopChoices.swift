import Foundation
import KoppelStore
import OpenCart

/// The shop's own order statuses and payment methods, from the newest settings it pushed: what the
/// Configuratie tab offers to choose from. Empty before the first settings push.
public struct ShopChoices: Sendable, Equatable {
    public struct Choice: Sendable, Equatable {
        public var id: String
        public var name: String
    }

    public var statuses: [Choice] = []
    public var paymentMethods: [Choice] = []
    /// The shop's country (`config_country_id`'s ISO code), when it said.
    public var country: String?

    public static func read(connectionID: Int64, in database: KoppelDatabase) throws -> ShopChoices {
        guard let json = try database.latestSettings(connectionID: connectionID) else { return ShopChoices() }
        let settings = try PushDecoding.settings(from: Data(json.utf8))
        return ShopChoices(
            statuses: settings.orderStatuses.map { Choice(id: "\($0.orderStatusID)", name: $0.name) },
            paymentMethods: settings.paymentMethods.map { Choice(id: $0.code, name: $0.name) },
            country: settings.store.countryISOCode2)
    }
}
