/// The shop as `/store` describes it [SPEC `Store`].
public struct MijnwebwinkelStore: Equatable, Sendable {
    public var id: String?
    public var name: String
    public var currency: String
    public var pricesIncludeTax: Bool
    /// `B2C`, `B2B` or `ALL`; the live API sends a plain string [C-one: PY].
    public var businessModels: String?
    public var regionCode: String?
}

/// A payment gateway and its methods, `(name, displayName)` [SPEC `PaymentGateway`].
public struct MijnwebwinkelGateway: Sendable {
    public var name: String
    public var displayName: String
    public var methods: [(name: String, displayName: String)]
}

struct RawStore: Decodable {
    var id: String?
    var name: String?
    var currency: String?
    var pricesIncludeTax: Bool?
    var availableBusinessModels: String?
    var regionCode: String?
}

struct RawOrderStatus: Decodable {
    var status: Int
    var description: String?
    var creditOrder: Bool?
}

struct RawGateways: Decodable {
    var gateways: [RawGateway]?
}

struct RawGateway: Decodable {
    var name: String
    var displayName: String?
    var methods: [RawPaymentMethod]?
}

struct RawPaymentMethod: Decodable {
    var name: String
    var displayName: String?
}
