import Foundation
import KoppelCore
import KoppelStore
import Ledger
import OpenCart

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

/// Turns a stored OpenCart order into a prepared booking under the connection's configuration.
struct OrderExaminer {
    var settings: ShopSettings
    var configuration: BookingConfiguration
    var options: OpenCartBookingOptions
    var reference: BookingReference

    init(settings: ShopSettings, configuration: BookingConfiguration, reference: BookingReference, administrationCurrency: String) {
        self.settings = settings
        self.configuration = configuration
        self.reference = reference
        self.options = OpenCartBookingOptions(
            vatNumberCustomFieldID: settings.vatCustomFieldID, roundingTolerance: configuration.roundingTolerance,
            administrationCurrency: administrationCurrency, shopCountry: "NL")
    }

    func examine(payload: String) -> Examination {
        guard let order = try? JSONDecoder().decode(PushedOrder.self, from: Data(payload.utf8)) else {
            // Held as an error, not left open: a stored order koppel cannot read is never guessed at.
            return Examination(statusIsBooked: true, statusName: "?", booking: nil, problems: [
                BookingProblem(.invalidAmount, "the stored order could not be read", hint: "push the order again from the shop")
            ])
        }
        let statusName = settings.orderStatuses.first { $0.orderStatusID == order.orderStatusID }?.name ?? "\(order.orderStatusID)"
        // Status 0 is an unfinished checkout: never booked, whatever is configured.
        let statusIsBooked = order.orderStatusID != 0 && configuration.bookedStatusIDs.contains(order.orderStatusID)
        // A cancel or refund status: nothing is booked, but what was booked is credited. The
        // document is made for its reference and figures only.
        let cancelled = order.orderStatusID != 0 && configuration.cancelStatusIDs.contains(order.orderStatusID)
        guard statusIsBooked || cancelled else {
            return Examination(statusIsBooked: false, statusName: statusName, booking: nil, problems: [])
        }
        let mapping = configuration.vatMapping ?? VATMapping.defaults(shopCountry: options.shopCountry)
        var made = order.booking(settings: settings, options: options)
        made.document.reference = reference.reference(orderID: order.orderID, storeID: order.storeID)
        let (resolved, unmapped) = mapping.resolve(made.document)
        let problems = (OpenCartPrechecks.run(made, options: options, mapping: mapping) + unmapped).filter(\.isBlocking)
        // Paid only when the shop says its status is a complete one: without the shop's complete
        // statuses koppel cannot know, and never registers a payment on a guess.
        let paid = settings.completeStatusIDs?.contains(order.orderStatusID) ?? false
        // The ledger adapter books ICP orders on their own debtor even when a fixed one is set.
        let debtor = configuration.fixedDebtors[order.paymentMethod.code]
        return Examination(
            statusIsBooked: statusIsBooked, statusName: statusName,
            booking: PreparedBooking(
                document: resolved, isPaid: paid && !cancelled, fixedDebtorID: debtor,
                roundingAccount: mapping.accounts.rounding.isEmpty ? nil : mapping.accounts.rounding,
                cancelledOn: cancelled ? order.currentStatusDate : nil),
            problems: cancelled ? [] : problems, cancelled: cancelled)
    }
}
