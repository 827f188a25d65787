import Foundation
import KoppelCore
import Shop

/// OpenCart as a shop provider: its extension pushes orders and settings (signed, strict JSON,
/// versioned by content digest) to the push API; the examiner books them by the OpenCart recipe.
public struct OpenCartProvider: ShopProvider {
    public init() {}

    public var kind: ShopKind { .opencart }
    public var arrival: OrderArrival { .pushed }

    public func examiner(settingsJSON: String, rules: ShopBookingRules) throws -> any ShopOrderExaminer {
        let settings = try JSONDecoder().decode(ShopSettings.self, from: Data(settingsJSON.utf8))
        return OpenCartOrderExaminer(settings: settings, rules: rules)
    }
}
