/// The stored form of a flow: phase, trail, plan, failures and credit plan under a format
/// number, so that a row written by another format is recognised and never read as a default.
extension BookingFlow: Codable {
    public static let storedFormat = 2

    enum CodingKeys: String, CodingKey {
        case format, phase, trail, plan, failures, expected, cancelled, creditPlan
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let format = try container.decode(Int.self, forKey: .format)
        guard format == Self.storedFormat else {
            throw DecodingError.dataCorruptedError(
                forKey: .format, in: container, debugDescription: "booking state format \(format), expected \(Self.storedFormat)")
        }
        self.init(
            phase: try container.decode(Phase.self, forKey: .phase), trail: try container.decode(LedgerTrail.self, forKey: .trail),
            plan: try container.decode([LedgerStep].self, forKey: .plan), failures: try container.decode(Int.self, forKey: .failures),
            expected: try container.decodeIfPresent(IntendedDocument.self, forKey: .expected),
            cancelled: try container.decodeIfPresent(Bool.self, forKey: .cancelled) ?? false,
            // Rows written before ledgers declared their credit steps were all Moneybird's.
            creditPlan: try container.decodeIfPresent(CreditPlan.self, forKey: .creditPlan) ?? .creditInvoice)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(Self.storedFormat, forKey: .format)
        try container.encode(phase, forKey: .phase)
        try container.encode(trail, forKey: .trail)
        try container.encode(plan, forKey: .plan)
        try container.encode(failures, forKey: .failures)
        try container.encodeIfPresent(expected, forKey: .expected)
        if cancelled { try container.encode(cancelled, forKey: .cancelled) }
        if creditPlan != .creditInvoice { try container.encode(creditPlan, forKey: .creditPlan) }
    }
}
