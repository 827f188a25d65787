import Foundation
import Shop

/// What koppel reads from a Mijnwebwinkel shop instead of having it pushed: the store's name and
/// currency (`/store`), its order statuses (`/orderstatuses`) and payment methods
/// (`/payment/gateways`). Stored as a settings version, canonical JSON, when it changed.
public struct MijnwebwinkelShopSettings: Codable, Sendable, Equatable {
    public struct PaymentMethod: Codable, Sendable, Equatable {
        /// `gateway.method` (`mollie.ideal`): the key of a fixed debtor per payment method.
        public var code: String
        public var name: String
    }

    public var storeName: String
    public var currency: String
    public var pricesIncludeTax: Bool
    public var statuses: [ShopStatus]
    public var paymentMethods: [PaymentMethod]

    public init(storeName: String, currency: String, pricesIncludeTax: Bool, statuses: [ShopStatus], paymentMethods: [PaymentMethod]) {
        self.storeName = storeName
        self.currency = currency
        self.pricesIncludeTax = pricesIncludeTax
        self.statuses = statuses
        self.paymentMethods = paymentMethods
    }

    enum CodingKeys: String, CodingKey {
        case storeName = "store_name"
        case currency
        case pricesIncludeTax = "prices_include_tax"
        case statuses
        case paymentMethods = "payment_methods"
    }

    public var canonicalJSON: Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Strings, booleans and arrays of them: encoding cannot fail.
        return (try? encoder.encode(self)) ?? Data()
    }

    /// The statuses booked when the owner has chosen none: by name, the manuals' Betaald, Verzonden,
    /// Betaald en verzonden, Afgehaald (`MijnwebwinkelStatusPolicy.defaultBookedNames`).
    public var defaultBookedStatusIDs: [Int64] {
        statuses.filter { MijnwebwinkelStatusPolicy.defaultBookedNames.contains(MijnwebwinkelStatusPolicy.key($0.name)) }
            .compactMap { Int64($0.id) }
    }

    /// The statuses that cancel when the owner has chosen none: by name (Geannuleerd).
    public var defaultCancelStatusIDs: [Int64] {
        statuses.filter { MijnwebwinkelStatusPolicy.defaultCancelledNames.contains(MijnwebwinkelStatusPolicy.key($0.name)) }
            .compactMap { Int64($0.id) }
    }
}
