import KoppelCore

/// Every check a Mijnwebwinkel order passes before it is booked: what the conversion found (VAT figures
/// the lines do not explain) and the document checks of `BookingPrechecks` (totals add up, currency, ICP
/// needs a valid VAT number, every rate mapped). "Never booked twice" is the store's check, as for OpenCart.
public enum MijnwebwinkelPrechecks {
    public static func run(
        _ booking: MijnwebwinkelBooking, options: MijnwebwinkelBookingOptions, mapping: VATMapping
    ) -> [BookingProblem] {
        booking.problems
            + BookingPrechecks.all(
                booking.document, administrationCurrency: options.administrationCurrency, mapping: mapping,
                roundingTolerance: options.roundingTolerance)
    }
}
