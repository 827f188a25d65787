import Foundation
import Synchronization

/// The shop's orders and switches, shared by all requests.
final class MijnwebwinkelShop: Sendable {
    private struct State {
        var orders: [Int: SandboxOrder] = [:]
        var live: Bool
    }

    private let state: Mutex<State>
    private let initialLive: Bool

    init(live: Bool) {
        state = Mutex(State(live: live))
        initialLive = live
    }

    var live: Bool { state.withLock { $0.live } }

    func setLive(_ live: Bool) {
        state.withLock { $0.live = live }
    }

    /// Every order, by number ascending.
    var orders: [SandboxOrder] {
        state.withLock { $0.orders.values.sorted { $0.number < $1.number } }
    }

    func order(_ number: Int) -> SandboxOrder? {
        state.withLock { $0.orders[number] }
    }

    /// Adds the order, or replaces the one with its number; a credit order is linked to its original.
    func put(_ parse: (_ nextNumber: Int) throws(MijnwebwinkelProblem) -> SandboxOrder) throws(MijnwebwinkelProblem) -> SandboxOrder {
        try state.withLock { (state: inout State) throws(MijnwebwinkelProblem) -> SandboxOrder in
            let order = try parse((state.orders.keys.max() ?? 1000) + 1)
            state.orders[order.number] = order
            if let original = order.creditedOrderNumber, state.orders[original]?.creditOrderNumbers.contains(order.number) == false {
                state.orders[original]?.creditOrderNumbers.append(order.number)
            }
            return order
        }
    }

    /// Sets the status and moves its status-changed time to `at`.
    func changeStatus(_ number: Int, to status: Int, at stamp: String) throws(MijnwebwinkelProblem) -> SandboxOrder {
        try state.withLock { (state: inout State) throws(MijnwebwinkelProblem) -> SandboxOrder in
            guard var order = state.orders[number] else { throw .notFound("Order \(number) does not exist") }
            order.status = status
            order.statusChanged = stamp
            state.orders[number] = order
            return order
        }
    }

    /// `count` demo orders after the highest number: one or two articles at 21 % and 9 %, shipping, and
    /// every fifth a payment surcharge spread over both rates (a list price, as CHG 2019-05-08 describes).
    func generate(_ count: Int, now: Date) -> Int {
        state.withLock { state in
            let stamp = SandboxClock.stamp(now)
            var next = (state.orders.keys.max() ?? 1000) + 1
            for index in 0..<count {
                var lines = [
                    SandboxLine(
                        id: UUID().uuidString.lowercased(), type: "article", quantity: 1 + index % 3, description: "Artikel A",
                        portions: [SandboxPortion(rateBasisPoints: 2100, grossCents: Int64(1_500 + (index % 7) * 133))],
                        priceIsList: false),
                    SandboxLine(
                        id: UUID().uuidString.lowercased(), type: "shipping", quantity: 1, description: "Verzendkosten",
                        portions: [SandboxPortion(rateBasisPoints: 2100, grossCents: 595)], priceIsList: false),
                ]
                if index % 2 == 0 {
                    lines.insert(
                        SandboxLine(
                            id: UUID().uuidString.lowercased(), type: "article", quantity: 2, description: "Boek B",
                            portions: [SandboxPortion(rateBasisPoints: 900, grossCents: 1_975)], priceIsList: false), at: 1)
                }
                if index % 5 == 0 {
                    lines.append(SandboxLine(
                        id: UUID().uuidString.lowercased(), type: "payment", quantity: 1, description: "Betaalkosten",
                        portions: [
                            SandboxPortion(rateBasisPoints: 900, grossCents: 21), SandboxPortion(rateBasisPoints: 2100, grossCents: 79),
                        ], priceIsList: true))
                }
                state.orders[next] = SandboxOrder(
                    number: next, uuid: UUID().uuidString.lowercased(), date: String(stamp.prefix(10)), time: String(stamp.suffix(8)),
                    status: 1, statusChanged: stamp, debtor: SandboxOrder.demoDebtor(next), lines: lines)
                next += 1
            }
            return count
        }
    }

    func reset() {
        state.withLock { $0 = State(live: initialLive) }
    }
}
