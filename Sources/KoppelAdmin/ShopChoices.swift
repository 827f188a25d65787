import Foundation
import KoppelCore
import KoppelStore
import Mijnwebwinkel
import OpenCart
import Shop

/// The shop's own order statuses and payment methods, from the newest settings it pushed (or koppel
/// read from its API): what the Configuratie tab offers to choose from. Empty before the first settings.
public struct ShopChoices: Sendable, Equatable {
    public struct Choice: Sendable, Equatable {
        public var id: String
        public var name: String
    }

    public var statuses: [Choice] = []
    public var paymentMethods: [Choice] = []
    /// The shop's country (`config_country_id`'s ISO code), when it said.
    public var country: String?

    public static func read(connectionID: Int64, shop: ShopKind, in database: KoppelDatabase) throws -> ShopChoices {
        guard let json = try database.latestSettings(connectionID: connectionID) else { return ShopChoices() }
        if shop == .mijnwebwinkel {
            let settings = try JSONDecoder().decode(MijnwebwinkelShopSettings.self, from: Data(json.utf8))
            return ShopChoices(
                statuses: settings.statuses.map { Choice(id: $0.id, name: $0.name) },
                // `/store` names no country (docs/mijnwebwinkel.md).
                paymentMethods: settings.paymentMethods.map { Choice(id: $0.code, name: $0.name) }, country: nil)
        }
        let settings = try PushDecoding.settings(from: Data(json.utf8))
        return ShopChoices(
            statuses: settings.orderStatuses.map { Choice(id: "\($0.orderStatusID)", name: $0.name) },
            paymentMethods: settings.paymentMethods.map { Choice(id: $0.code, name: $0.name) },
            country: settings.store.countryISOCode2)
    }
}
