import Foundation
import KoppelCore
import Shop

/// Mijnwebwinkel as a shop provider: koppel fetches its orders through the Connect API from a cursor
/// (docs/mijnwebwinkel.md), reads its statuses and settings from the API, and books them with
/// `MijnwebwinkelOrderExaminer`.
public struct MijnwebwinkelProvider: FetchingShopProvider {
    public init() {}

    public var kind: ShopKind { .mijnwebwinkel }
    public var arrival: OrderArrival { .fetched }

    public func examiner(settingsJSON: String, rules: ShopBookingRules) throws -> any ShopOrderExaminer {
        let settings = try JSONDecoder().decode(MijnwebwinkelShopSettings.self, from: Data(settingsJSON.utf8))
        return MijnwebwinkelOrderExaminer(settings: settings, rules: rules)
    }

    public func orderSource(access: String) throws -> any OrderSource {
        try MijnwebwinkelOrderSource(access: MijnwebwinkelStoredAccess(json: access).clientAccess)
    }

    /// Betaald, Verzonden, Betaald en verzonden, Afgehaald booked; Geannuleerd cancels (by name,
    /// `MijnwebwinkelStatusPolicy`): the store's ids are its own.
    public func defaultStatuses(settingsJSON: String) throws -> (booked: [String], cancelled: [String]) {
        let settings = try JSONDecoder().decode(MijnwebwinkelShopSettings.self, from: Data(settingsJSON.utf8))
        return (settings.defaultBookedStatusIDs.map(String.init), settings.defaultCancelStatusIDs.map(String.init))
    }
}
