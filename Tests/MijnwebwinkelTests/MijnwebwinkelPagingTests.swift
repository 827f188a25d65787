import Foundation
import KoppelCore
import KoppelHTTP
import Mijnwebwinkel
import Testing

/// The client against the sandbox process over HTTP: pages, changed-since and statuses.
@Suite("Mijnwebwinkel paging and changes")
struct MijnwebwinkelPagingTests {
    @Test("250 orders come in three pages of at most 100, each once, by number")
    func pagesAcross250Orders() throws {
        let sandbox = try MijnwebwinkelSandboxProcess(["--orders", "250"])
        let client = try MijnwebwinkelClient(access: sandbox.access)
        let orders = try client.orders()
        #expect(orders.map(\.number) == (1001...1250).map(String.init))
        #expect(try sandbox.requests("GET /orders") == 3)
        #expect(orders.allSatisfy { $0.status.name == "In afwachting" })
    }

    @Test("a limit above 100 is clamped to 100, and offset skips")
    func limitIsClamped() throws {
        let sandbox = try MijnwebwinkelSandboxProcess(["--orders", "150"])
        let tokens = "token=\(MijnwebwinkelSandboxProcess.storeToken)&partner_token=\(MijnwebwinkelSandboxProcess.partnerToken)"
        let page = try sandbox.call("GET", "/v1/orders?\(tokens)&limit=500&offset=20")
        let items = try #require(try JSONSerialization.jsonObject(with: page.body) as? [[String: Any]])
        #expect(items.count == 100)
        #expect(items.first?["number"] as? Int == 1021)
        let count = try sandbox.call("GET", "/v1/orders/count?\(tokens)")
        #expect(count.text == #"{"count":150}"#)
    }

    @Test("changed since a cursor: new orders and status changes, each once, and the next cursor")
    func changedSince() throws {
        let sandbox = try MijnwebwinkelSandboxProcess(["--orders", "250"])
        let client = try MijnwebwinkelClient(access: sandbox.access)
        let first = try client.orders(changedSince: MijnwebwinkelCursor())
        #expect(first.orders.count == 250)
        #expect(first.next.highestNumber == 1250)
        let since = try #require(first.next.statusChangedSince)

        try sandbox.changeStatus(1003, to: 2, at: "2099-01-01 10:00:00")
        try sandbox.changeStatus(1100, to: 3, at: "2099-01-01 10:00:05")
        try sandbox.sandbox("POST", "/orders", json: Self.order(number: 1251))
        try sandbox.sandbox("POST", "/orders", json: Self.order(number: 1252))
        // A new order whose status also changed is found both ways; it must come once.
        try sandbox.changeStatus(1251, to: 2, at: "2099-01-01 10:00:07")

        let changes = try client.orders(changedSince: first.next)
        #expect(changes.orders.map(\.number) == ["1003", "1100", "1251", "1252"])
        #expect(changes.orders.map(\.status.id) == [2, 3, 2, 1])
        #expect(changes.orders.map { $0.status.name ?? "" } == ["Betaald", "Verzonden", "Betaald", "In afwachting"])
        #expect(changes.next.highestNumber == 1252)
        #expect(changes.next.statusChangedSince == "2099-01-01 10:00:07")
        #expect(since < "2099-01-01 10:00:00")

        #expect(changes.next.deliveredAtSince == ["1251"])

        // Nothing changed since: nothing comes again, though the start of the window is inclusive.
        let again = try client.orders(changedSince: changes.next)
        #expect(again.orders.isEmpty)
        #expect(again.next == changes.next)
        // A change in the cursor's own second, after it was read, still comes.
        try sandbox.changeStatus(1007, to: 4, at: "2099-01-01 10:00:07")
        let sameSecond = try client.orders(changedSince: again.next)
        #expect(sameSecond.orders.map(\.number) == ["1007"])
        #expect(sameSecond.next.deliveredAtSince == ["1007", "1251"])
    }

    @Test("order statuses, the store and the payment methods")
    func settings() throws {
        let sandbox = try MijnwebwinkelSandboxProcess()
        let client = try MijnwebwinkelClient(access: sandbox.access)
        let statuses = try client.orderStatuses()
        #expect(statuses.map(\.id) == [1, 2, 3, 4, 5, 6])
        #expect(statuses.filter(\.isCreditStatus).map(\.id) == [6])
        let store = try client.store()
        #expect(store.name == "Koppel Demowinkel")
        #expect(store.currency == "EUR")
        let gateways = try client.paymentGateways()
        #expect(gateways.map(\.name) == ["basic", "mollie", "paypal"])
        #expect(gateways[1].methods.map(\.name).contains("ideal"))
    }

    @Test("an unknown order number is notFound")
    func unknownOrder() throws {
        let sandbox = try MijnwebwinkelSandboxProcess(["--orders", "1"])
        let client = try MijnwebwinkelClient(access: sandbox.access)
        #expect(try client.order(number: "1001").number == "1001")
        let error = try #require(throws: MijnwebwinkelError.self) { try client.order(number: "4242") }
        #expect(error.kind == .notFound)
    }

    static func order(number: Int) -> String {
        #"{"number": \#(number), "date": "2099-01-01", "time": "09:00:00", "lines": [{"type": "article", "description": "Fiets", "quantity": 1, "price": {"rate": "21.00", "amount_including_tax": "499.00"}}]}"#
    }
}
