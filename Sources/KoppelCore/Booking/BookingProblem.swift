/// Why an order cannot be booked (or what the owner should know about it), in words a Dutch shop
/// owner reads on the Errors tab: a stable machine code, a message and a hint what to do.
public struct BookingProblem: Equatable, Sendable, Codable {
    public var code: Code
    public var message: String
    public var hint: String
    public var severity: Severity

    public enum Severity: String, Equatable, Sendable, Codable {
        /// The order is not booked until this is solved.
        case error
        /// Booked, but the owner or accountant should look at it.
        case warning
    }

    public enum Code: String, Equatable, Sendable, Codable, CaseIterable {
        /// Lines, VAT and payments do not add up to what the customer paid.
        case totalsMismatch = "totals_mismatch"
        /// The order's own total rows do not add up to its total.
        case totalRowsMismatch = "total_rows_mismatch"
        /// The cent difference between the rounded parts and the paid total exceeds the tolerance.
        case roundingBeyondTolerance = "rounding_beyond_tolerance"
        /// VAT charged per rate does not match the rate applied to the lines.
        case vatMismatch = "vat_mismatch"
        case missingVATNumber = "missing_vat_number"
        case invalidVATNumberFormat = "invalid_vat_number_format"
        case invalidVATNumberChecksum = "invalid_vat_number_checksum"
        case vatNumberCountryMismatch = "vat_number_country_mismatch"
        case unmappedVATRate = "unmapped_vat_rate"
        case unmappedAccount = "unmapped_account"
        case foreignCurrency = "foreign_currency"
        case unbookableStatus = "unbookable_status"
        case unknownTotalRow = "unknown_total_row"
        case unknownTaxRow = "unknown_tax_row"
        case unmatchedLineRate = "unmatched_line_rate"
        case ambiguousTaxClass = "ambiguous_tax_class"
        case fixedRateTax = "fixed_rate_tax"
        case discountAllocationEstimated = "discount_allocation_estimated"
        case invalidAmount = "invalid_amount"
        case invalidDate = "invalid_date"
        /// The ledger refused the booking; its own message is in the problem's message.
        case ledgerRefused = "ledger_refused"
        /// The ledger kept failing (down, timeouts, 5xx) until koppel stopped retrying.
        case ledgerUnavailable = "ledger_unavailable"
        /// The document koppel made for the order is gone from the ledger.
        case bookingMissing = "booking_missing"
        /// koppel's own stored state of the order could not be read.
        case unreadableState = "unreadable_state"
        /// koppel's stored copy of the order (the version to book) could not be read.
        case unreadablePayload = "unreadable_payload"
        /// A document with the order's reference that koppel did not make.
        case foreignDocument = "foreign_document"
        /// The ledger connection lacks a choice a person must make first (Minox: the journal).
        /// The order waits, no attempt spent, and is booked by the first run after the choice.
        case ledgerNotSetUp = "ledger_not_set_up"
    }

    public init(_ code: Code, _ message: String, hint: String, severity: Severity = .error) {
        self.code = code
        self.message = message
        self.hint = hint
        self.severity = severity
    }

    public var isBlocking: Bool { severity == .error }
}

extension [BookingProblem] {
    /// Whether any problem stops the booking.
    public var blocksBooking: Bool { contains { $0.isBlocking } }

    public func contains(_ code: BookingProblem.Code) -> Bool { contains { $0.code == code } }
}
