import Foundation
import KoppelCore
import Shop

/// Turns a stored OpenCart order into a booking document under the connection's rules.
public struct OpenCartOrderExaminer: ShopOrderExaminer {
    public var settings: ShopSettings
    public var rules: ShopBookingRules
    public var options: OpenCartBookingOptions

    public init(settings: ShopSettings, rules: ShopBookingRules) {
        self.settings = settings
        self.rules = rules
        self.options = OpenCartBookingOptions(
            vatNumberCustomFieldID: settings.vatCustomFieldID, roundingTolerance: rules.roundingTolerance,
            administrationCurrency: rules.administrationCurrency, shopCountry: "NL")
    }

    public func examine(payload: String) -> ShopOrderExamination {
        guard let order = try? JSONDecoder().decode(PushedOrder.self, from: Data(payload.utf8)) else {
            return .unreadable(hint: "push the order again from the shop")
        }
        let status = String(order.orderStatusID)
        let statusName = settings.orderStatuses.first { $0.orderStatusID == order.orderStatusID }?.name ?? status
        // Status 0 is an unfinished checkout: never booked, whatever is configured.
        let statusIsBooked = order.orderStatusID != 0 && rules.bookedStatuses.contains(status)
        // A cancel or refund status: nothing is booked, but what was booked is credited. The
        // document is made for its reference and figures only.
        let cancelled = order.orderStatusID != 0 && rules.cancelStatuses.contains(status)
        guard statusIsBooked || cancelled else {
            return ShopOrderExamination(statusIsBooked: false, statusName: statusName)
        }
        let mapping = rules.vatMapping ?? VATMapping.defaults(shopCountry: options.shopCountry)
        var made = order.booking(settings: settings, options: options)
        made.document.reference = rules.reference.reference(order: order.orderReference, storeID: order.storeID)
        let (resolved, unmapped) = mapping.resolve(made.document)
        let problems = (OpenCartPrechecks.run(made, options: options, mapping: mapping) + unmapped).filter(\.isBlocking)
        // Paid only when the shop says its status is a complete one: without the shop's complete
        // statuses koppel cannot know, and never registers a payment on a guess.
        let paid = settings.completeStatusIDs?.contains(order.orderStatusID) ?? false
        return ShopOrderExamination(
            statusIsBooked: statusIsBooked, statusName: statusName, cancelled: cancelled, paid: paid && !cancelled,
            document: resolved, problems: cancelled ? [] : problems,
            // The ledger adapter books ICP orders on their own debtor even when a fixed one is set.
            fixedDebtorID: rules.fixedDebtors[order.paymentMethod.code],
            roundingAccount: mapping.accounts.rounding.isEmpty ? nil : mapping.accounts.rounding,
            cancelledOn: cancelled ? order.currentStatusDate : nil,
            paymentMethod: order.paymentMethod.code.isEmpty ? nil : order.paymentMethod.code)
    }
}
