import KoppelCore

/// What booking a Mijnwebwinkel order needs beyond the order itself.
public struct MijnwebwinkelBookingOptions: Sendable, Equatable {
    /// The largest difference, in cents, between the order's lines and its `price.total` that is booked as
    /// a rounding line rather than reported.
    public var roundingTolerance: Cents
    /// The ledger administration's currency (ISO 4217).
    public var administrationCurrency: String
    /// The shop's own country (ISO 3166 alpha-2): decides domestic, OSS, ICP and export.
    public var shopCountry: String
    /// Which statuses are booked, which are cancelled.
    public var statuses: MijnwebwinkelStatusPolicy

    public init(
        roundingTolerance: Cents = Cents(1), administrationCurrency: String = "EUR", shopCountry: String = "NL",
        statuses: MijnwebwinkelStatusPolicy = MijnwebwinkelStatusPolicy()
    ) {
        self.roundingTolerance = roundingTolerance
        self.administrationCurrency = administrationCurrency.uppercased()
        self.shopCountry = shopCountry.uppercased()
        self.statuses = statuses
    }
}

/// A booking document made from a Mijnwebwinkel order, with what the conversion noticed.
public struct MijnwebwinkelBooking: Sendable, Equatable {
    public var document: BookingDocument
    /// Problems only the order shows (its VAT figures against its lines). `MijnwebwinkelPrechecks.run` adds
    /// the document checks.
    public var problems: [BookingProblem]
    /// A credit order [SPEC `credited_order_number`]: booked as a credit note of the order it credits.
    public var creditsOrder: String?
}
