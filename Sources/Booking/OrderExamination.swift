import Foundation
import KoppelCore
import KoppelStore
import Ledger
import Shop
import ShopProviders

/// What the examination of one order version found: whether its status is booked, the
/// document made ready for the ledger, and what stands in the way.
struct Examination {
    var statusIsBooked: Bool
    var statusName: String
    var booking: PreparedBooking?
    var problems: [BookingProblem]
    /// Cancelled or refunded: a booking that exists is credited.
    var cancelled = false
}

/// Examines a connection's stored orders through its shop's examiner; booking knows no shop.
struct OrderExaminer {
    let shop: any ShopOrderExaminer

    /// - Throws: `UnsupportedShop`, or the provider's error for settings it cannot read.
    init(connection: Connection, settingsJSON: String, configuration: BookingConfiguration, administrationCurrency: String) throws {
        let rules = ShopBookingRules(
            bookedStatuses: Set(configuration.bookedStatusIDs.map(String.init)),
            cancelStatuses: Set(configuration.cancelStatusIDs.map(String.init)),
            vatMapping: configuration.vatMapping, roundingTolerance: configuration.roundingTolerance,
            fixedDebtors: configuration.fixedDebtors, reference: connection.bookingReference,
            administrationCurrency: administrationCurrency)
        shop = try ShopProviders.provider(for: connection.shop).examiner(settingsJSON: settingsJSON, rules: rules)
    }

    func examine(payload: String) -> Examination {
        let found = shop.examine(payload: payload)
        return Examination(
            statusIsBooked: found.statusIsBooked, statusName: found.statusName,
            booking: found.document.map {
                PreparedBooking(
                    document: $0, isPaid: found.paid, fixedDebtorID: found.fixedDebtorID, roundingAccount: found.roundingAccount,
                    cancelledOn: found.cancelledOn, paymentMethod: found.paymentMethod)
            },
            problems: found.problems, cancelled: found.cancelled)
    }
}
