import Foundation
import KoppelCore
import Shop

/// Turns a stored Mijnwebwinkel order into what booking needs, with the order → document builder
/// (`MijnwebwinkelOrder.booking`) and the connection's rules: its booked and cancel statuses are ids
/// (the defaults by name are chosen from the shop's statuses when the connection is made, so that
/// `koppel config` shows and changes them like any other connection's).
public struct MijnwebwinkelOrderExaminer: ShopOrderExaminer {
    public var settings: MijnwebwinkelShopSettings
    public var rules: ShopBookingRules

    public init(settings: MijnwebwinkelShopSettings, rules: ShopBookingRules) {
        self.settings = settings
        self.rules = rules
    }

    var policy: MijnwebwinkelStatusPolicy {
        MijnwebwinkelStatusPolicy(
            bookedNames: [], bookedIDs: Set(rules.bookedStatuses.compactMap { Int($0) }),
            cancelledNames: [], cancelledIDs: Set(rules.cancelStatuses.compactMap { Int($0) }))
    }

    public func examine(payload: String) -> ShopOrderExamination {
        guard let order = try? JSONDecoder().decode(MijnwebwinkelOrder.self, from: Data(payload.utf8)) else {
            return .unreadable(hint: "koppel fetches the order again after a change in the shop")
        }
        let statusName = order.status.name ?? settings.statuses.first { $0.id == String(order.status.id) }?.name ?? String(order.status.id)
        let decision = policy.decision(for: order)
        if decision == .wait { return ShopOrderExamination(statusIsBooked: false, statusName: statusName) }

        let options = MijnwebwinkelBookingOptions(
            roundingTolerance: rules.roundingTolerance, administrationCurrency: rules.administrationCurrency, shopCountry: "NL",
            statuses: policy)
        let mapping = rules.vatMapping ?? VATMapping.defaults(shopCountry: options.shopCountry)
        var made = order.booking(options: options)
        made.document.reference = rules.reference.reference(order: order.number, storeID: 0)
        let (resolved, unmapped) = mapping.resolve(made.document)
        var problems = (MijnwebwinkelPrechecks.run(made, options: options, mapping: mapping) + unmapped).filter(\.isBlocking)
        if decision == .bookAsCredit {
            // A credit order (or a credit status) is a credit note of another order: not bookable yet, and
            // never booked as a sale.
            problems = [BookingProblem(
                .unbookableStatus, "Order \(order.number) is a credit order; koppel does not book credit orders from Mijnwebwinkel yet.",
                hint: "Book the credit note by hand in the ledger.")]
        }
        let cancelled = decision == .cancelled
        let method = [order.payment.gatewayName, order.payment.methodName].compactMap { $0 }.joined(separator: ".")
        return ShopOrderExamination(
            statusIsBooked: !cancelled, statusName: statusName, cancelled: cancelled, paid: order.payment.isPaid && !cancelled,
            document: resolved, problems: cancelled ? [] : problems,
            fixedDebtorID: rules.fixedDebtors[method],
            roundingAccount: mapping.accounts.rounding.isEmpty ? nil : mapping.accounts.rounding,
            cancelledOn: cancelled ? order.statusChangedAt.map { String($0.prefix(10)) } : nil,
            paymentMethod: method.isEmpty ? nil : method)
    }
}
