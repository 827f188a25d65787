import KoppelCore

/// Every check an OpenCart order passes before it is booked: what the conversion found (total
/// rows, status 0, unknown rows and rates) and the document checks of `BookingPrechecks`.
public enum OpenCartPrechecks {
    public static func run(_ booking: OpenCartBooking, options: OpenCartBookingOptions, mapping: VATMapping) -> [BookingProblem] {
        booking.problems
            + BookingPrechecks.all(
                booking.document, administrationCurrency: options.administrationCurrency, mapping: mapping,
                roundingTolerance: options.roundingTolerance)
    }
}
