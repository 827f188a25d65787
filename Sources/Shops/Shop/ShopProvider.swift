import KoppelCore

/// How a shop's orders reach koppel.
public enum OrderArrival: String, Sendable {
    /// The shop sends them (OpenCart's extension: signed pushes to the push API).
    case pushed
    /// koppel asks the shop's API for them, from a cursor (Mijnwebwinkel).
    case fetched
}

/// Everything koppel needs to know of one kind of shop; booking and reconciliation speak to shops
/// through this only. The registry is `ShopProviders.all` (Sources/Shops/Providers).
public protocol ShopProvider: Sendable {
    var kind: ShopKind { get }
    var arrival: OrderArrival { get }

    /// The examiner of one connection's orders: the shop's settings as koppel stored them (the
    /// JSON of the newest settings version), koppel's rules for the connection.
    /// Throws when the stored settings cannot be read: nothing is booked on guessed settings.
    func examiner(settingsJSON: String, rules: ShopBookingRules) throws -> any ShopOrderExaminer
}

/// A shop whose orders koppel fetches: it opens an `OrderSource` for a connection.
public protocol FetchingShopProvider: ShopProvider {
    /// The source of one connection's orders; `access` is the connection's stored access to the
    /// shop's API (its tokens and address, as the shop's adapter wrote them).
    func orderSource(access: String) throws -> any OrderSource

    /// The statuses (ids as text) booked and cancelled when the owner has chosen none, from the shop's
    /// fetched settings: chosen once, when a connection without configuration gets its first settings.
    func defaultStatuses(settingsJSON: String) throws -> (booked: [String], cancelled: [String])
}
