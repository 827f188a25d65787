import KoppelCore
import KoppelStore

extension BookingProblem {
    /// The order version to book could not be read from the store (see `StoredPayload`).
    static func unreadablePayload(_ error: UnreadablePayload) -> BookingProblem {
        BookingProblem(
            .unreadablePayload, "koppel's stored copy of this order could not be read: \(error)",
            hint: "nothing is booked from it; report the order with its details")
    }
}

extension BookingFlow {
    /// This flow stopped by `problem`, with all it knows of the ledger kept: a step in doubt stays
    /// in doubt and is settled by a look-up when the order is reprocessed, never made again.
    func stopped(by problem: BookingProblem) -> BookingFlow {
        BookingFlow(
            phase: .error(problem), trail: trail, plan: plan, failures: failures, expected: expected, cancelled: cancelled,
            creditPlan: creditPlan, policy: policy)
    }
}
