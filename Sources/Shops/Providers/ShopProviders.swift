import KoppelCore
import Mijnwebwinkel
import OpenCart
import Shop

/// Every shop koppel takes orders from. Adding a shop: a folder under Shops/ with its adapter (a
/// `ShopProvider` and its examiner; for a fetching shop an `OrderSource`), one under Sandboxes/,
/// and one line here (docs/shops.md).
public enum ShopProviders {
    public static let all: [any ShopProvider] = [
        OpenCartProvider(),
        MijnwebwinkelProvider(),
    ]

    /// The provider of `kind`; a shop without one is `unsupported_shop`.
    public static func provider(for kind: ShopKind) throws(UnsupportedShop) -> any ShopProvider {
        guard let provider = all.first(where: { $0.kind == kind }) else { throw UnsupportedShop(kind: kind) }
        return provider
    }
}

/// A connection whose shop koppel cannot take orders from (yet): no provider is listed for it.
public struct UnsupportedShop: Error, Sendable, CustomStringConvertible {
    public var kind: ShopKind
    public var code: String { "unsupported_shop" }
    public var description: String { "unsupported_shop: koppel cannot take orders from \(kind.rawValue) (no shop provider for it)" }
}
