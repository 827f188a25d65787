import KoppelCore

/// What booking an OpenCart order needs beyond the order and the shop's settings.
public struct OpenCartBookingOptions: Sendable, Equatable {
    /// The custom field that holds the customer's VAT number; nil uses the one the settings name.
    public var vatNumberCustomFieldID: Int64?
    /// The largest difference, in cents, between the rounded parts and the paid total that is
    /// booked as a rounding line rather than reported.
    public var roundingTolerance: Cents
    /// The ledger administration's currency (ISO 4217).
    public var administrationCurrency: String
    /// The shop's own country (ISO 3166 alpha-2): decides domestic, OSS, ICP and export.
    public var shopCountry: String

    public init(
        vatNumberCustomFieldID: Int64? = nil, roundingTolerance: Cents = Cents(1), administrationCurrency: String = "EUR",
        shopCountry: String = "NL"
    ) {
        self.vatNumberCustomFieldID = vatNumberCustomFieldID
        self.roundingTolerance = roundingTolerance
        self.administrationCurrency = administrationCurrency.uppercased()
        self.shopCountry = shopCountry.uppercased()
    }
}

/// A booking document made from an OpenCart order, with what the conversion noticed.
public struct OpenCartBooking: Sendable, Equatable {
    public var document: BookingDocument
    /// Problems only the order shows (its own total rows, its status, taxes that could not be
    /// explained). `OpenCartPrechecks.run` adds the document checks.
    public var problems: [BookingProblem]
}
