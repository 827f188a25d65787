import Foundation
import GRDB
import KoppelCore
@testable import KoppelStore
import TestSupport
import Testing

@Suite struct ReferenceWalkTests {
    static let period = DatePeriod(first: "2026-01-01", last: "2026-12-31")

    /// A booked order as the booking job keeps it: the `shop_order` row and its `booked_document`.
    struct Booked {
        var reference: String
        var ledgerID = "L1"
        var date = "2026-03-02"
        var gross: Int64 = 12_100
        var net: Int64 = 10_000
        var vat = ["NL21": Cents(2_100)]
        var customer: [String?]? = ["Jansen BV", "a@example.nl", "Kerkstraat 1", "1234 AB", "Utrecht", "NL", nil]
        var orderVersion: Int64 = 1
        var currentVersion: Int64 = 1
        var total = "121.00"
        var bookedAt: Int64 = 1_000_000
        var versionSeen: String? = "v1"
        var paymentRegistered = true
        var mismatch: String?
    }

    /// A ledger booking as read from a page.
    static func held(_ reference: String, id: String = "L1") -> LedgerBooking {
        LedgerBooking(
            id: id, reference: reference, date: "2026-03-02", gross: Cents(12_100), net: Cents(10_000), vatByCode: ["NL21": Cents(2_100)],
            customer: BookingCustomer(
                firstName: "", lastName: "", company: "Jansen BV", email: "a@example.nl", street: "Kerkstraat 1", postcode: "1234 AB",
                city: "Utrecht", countryCode: "NL"),
            version: "v1", editedAt: 999_000, payment: LedgerPayment(state: "paid", isPaid: true, unpaid: .zero))
    }

    static func insert(_ orders: [Booked], into database: KoppelDatabase) throws {
        let connection = try database.addConnection(name: "Shop", shop: .opencart, ledger: .moneybird, now: 1)
        let encoder = JSONEncoder()
        try database.pool.write { db in
            for (index, order) in orders.enumerated() {
                let steps: [LedgerStep] = order.paymentRegistered ? [.create, .send, .registerPayment] : [.create]
                let flow = BookingFlow(phase: .booked, trail: LedgerTrail(documentID: order.ledgerID, done: steps), plan: steps)
                try db.execute(
                    sql: """
                        INSERT INTO shop_order (id, connection_id, order_reference, store_id, version, content_digest, order_status,
                            total, currency_code, date_added, state, received_at, updated_at, examined_version, ledger_id, flow,
                            ledger_mismatch)
                        VALUES (?, ?, ?, 0, ?, x'00', '5', ?, 'EUR', ?, 'booked', 1, 1, ?, ?, ?, ?)
                        """,
                    arguments: [
                        index + 1, connection.id, order.reference, order.currentVersion, order.total, order.date, order.currentVersion,
                        order.ledgerID, String(decoding: try encoder.encode(flow), as: UTF8.self), order.mismatch,
                    ])
                let customer = order.customer ?? Array(repeating: nil, count: 7)
                try db.execute(
                    sql: """
                        INSERT INTO booked_document (order_id, connection_id, reference, ledger_id, order_version, booking_date,
                            booked_at, gross, net, vat, customer_name, customer_email, customer_street, customer_postcode,
                            customer_city, customer_country, customer_vat_number, ledger_version_seen)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: StatementArguments([
                        index + 1, connection.id, order.reference, order.ledgerID, order.orderVersion, order.date, order.bookedAt,
                        order.gross, order.net, VATByCodeText.encode(order.vat),
                    ] as [(any DatabaseValueConvertible)?]) + StatementArguments(customer) + [order.versionSeen])
            }
        }
    }

    /// Every step of a walk over `orders` and `found`; with `recognizing` false, every reference
    /// as a group.
    static func walk(_ orders: [Booked], _ found: [LedgerBooking], recognizing: Bool = true) throws -> [ReferenceWalk.Step] {
        let store = try TemporaryStore()
        try insert(orders, into: store.database)
        let snapshot = try LedgerSnapshot(path: store.folder.appendingPathComponent("scratch").path)
        for booking in found { try snapshot.add(booking) }
        return try both(store, snapshot, recognizing: [recognizing])[0]
    }

    /// The walks over one store and scratch file, one per entry of `recognizing`.
    static func both(_ store: TemporaryStore, _ snapshot: LedgerSnapshot, recognizing: [Bool]) throws -> [[ReferenceWalk.Step]] {
        try recognizing.map { recognizes in
            try store.database.withBookedOrders(connectionID: 1, period: period) { reader in
                try snapshot.withSortedBookings { sorted in
                    let walk = ReferenceWalk(booked: reader, found: sorted, clockSlack: 300, recognizesMatches: recognizes)
                    var steps: [ReferenceWalk.Step] = []
                    while let step = try walk.next() { steps.append(step) }
                    return steps
                }
            }
        }
    }

    static func summary(_ steps: [ReferenceWalk.Step]) -> [String] {
        steps.map { step in
            switch step {
            case .matching(let orderID, _, _): return "=\(orderID)"
            case .group(let group):
                return "\(group.reference):\(group.booked == nil ? "-" : "b")\(group.found.map(\.id).joined(separator: ","))"
            }
        }
    }

    @Test func pairsBothSidesByReferenceInSQLitesByteOrder() throws {
        let orders = ["10", "11", "13", "9", "Z", "a", "é"].map { Booked(reference: $0, ledgerID: "L\($0)") }
        let found = [
            Self.held("10", id: "a"), Self.held("12", id: "b"), Self.held("13", id: "c"), Self.held("13", id: "d"),
            Self.held("14", id: "e"), Self.held("9", id: "L9"), Self.held("z", id: "f"), Self.held("é", id: "g"),
        ]
        #expect(try Self.summary(Self.walk(orders, found)) == [
            "10:ba", "11:b", "12:-b", "13:bc,d", "14:-e", "=4", "Z:b", "a:b", "z:-f", "é:bg",
        ])
    }

    @Test func eitherSideMayBeEmpty() throws {
        #expect(try Self.walk([], []).isEmpty)
        #expect(try Self.summary(Self.walk([Booked(reference: "1"), Booked(reference: "2")], [])) == ["1:b", "2:b"])
        #expect(try Self.summary(Self.walk([], [Self.held("1", id: "a"), Self.held("1", id: "b")])) == ["1:-a,b"])
    }

    @Test func anOrderAndItsOneBookingThatAgreeAreRecognizedOnTheirBytes() throws {
        #expect(try Self.walk([Booked(reference: "7")], [Self.held("7")]) == [.matching(orderID: 1, gross: Cents(12_100), versionSeen: nil)])
        // Before any run: the version is to be kept.
        #expect(try Self.walk([Booked(reference: "7", versionSeen: nil)], [Self.held("7")])
            == [.matching(orderID: 1, gross: Cents(12_100), versionSeen: "v1")])
        var credit = Self.held("7", id: "C1")
        credit.creditOf = "L1"
        #expect(try Self.summary(Self.walk([Booked(reference: "7")], [Self.held("7"), credit])) == ["7:bC1,L1"])
    }

    /// Random orders and bookings, each field equal or off in one of the ways a ledger or a shop
    /// differs (a cent, case, spaces, NULL against "", a country name, a credit, a duplicate, an
    /// edit, a payment open). Whatever the walk recognizes as matching must be what the
    /// comparison finds nothing in, with the same version to keep; everything else comes as the
    /// same groups in the same order as from a walk that recognizes nothing.
    @Test func whatIsRecognizedAsMatchingIsWhatTheComparisonFindsNothingIn() throws {
        var random = SplitMix64(seed: 20_261_204)
        var orders: [Booked] = []
        var found: [LedgerBooking] = []
        for number in 1...600 {
            let reference = String(number * 7 % 1_000)
            var order = Booked(reference: reference, ledgerID: "L\(number)")
            var booking = Self.held(reference, id: "L\(number)")
            func sometimes() -> Bool { random.next() % 12 == 0 }
            if sometimes() { order.date = "2026-03-03" }
            if sometimes() { booking.gross += Cents(1) }
            if sometimes() { order.net -= 1 }
            if sometimes() { booking.vatByCode = ["NL21": Cents(2_099)] }
            if sometimes() { booking.vatByCode = ["NL21": Cents(2_100), "NL9": .zero] }
            if sometimes() { order.vat = [:] }
            if sometimes() { order.customer = nil }
            if sometimes() { booking.customer = nil }
            if sometimes() { order.customer?[0] = "jansen  bv" }
            if sometimes() { order.customer?[3] = "1234AB" }
            if sometimes() { order.customer?[5] = ["nl", "Nederland", "", nil, "BE"][Int(random.next() % 5)] }
            // Set past `BookingCustomer`'s initializer, which would make "" NL and "nl" NL.
            if sometimes() { booking.customer?.countryCode = ["nl", "BE", "Nederland", ""][Int(random.next() % 4)] }
            if sometimes() { order.customer?[5] = ""; booking.customer?.countryCode = "" }
            if sometimes() { order.customer?[6] = "" }
            if sometimes() { booking.customer?.vatNumber = "NL123456789B01" }
            if sometimes() { booking.customer?.email = "" ; order.customer?[1] = nil }
            if sometimes() { order.customer?[2] = nil }
            // Drawn more often than the rest: only a changed total is a finding, and it must come
            // on its own often enough to be met.
            if random.next() % 6 == 0 { order.currentVersion = 2; order.total = ["121.00", "125.00"][Int(random.next() % 2)] }
            if random.next() % 3 == 0 { order.versionSeen = nil }
            if sometimes() { order.versionSeen = "v0" }
            if random.next() % 4 == 0 { booking.editedAt = order.bookedAt + [299, 300, 301][Int(random.next() % 3)] }
            if sometimes() { booking.editedAt = nil }
            if sometimes() { order.paymentRegistered = false }
            if sometimes() { booking.payment = LedgerPayment(state: "open", isPaid: false, unpaid: Cents(12_100)) }
            if sometimes() { booking.payment = LedgerPayment(state: "paid", isPaid: true, unpaid: Cents(-5)) }
            if sometimes() { booking.payment = nil }
            if sometimes() { order.mismatch = "ledger differs: amount gross" }
            if sometimes() { booking.id = "X\(number)" }
            if sometimes() { booking.creditOf = order.ledgerID }
            if random.next() % 6 != 0 { orders.append(order) }
            if random.next() % 8 != 0 { found.append(booking) }
            if sometimes() {
                var credit = Self.held(reference, id: "C\(number)")
                credit.creditOf = order.ledgerID
                found.append(credit)
            }
            if sometimes() { found.append(Self.held(reference, id: "D\(number)")) }
        }
        let store = try TemporaryStore()
        try Self.insert(orders, into: store.database)
        let snapshot = try LedgerSnapshot(path: store.folder.appendingPathComponent("scratch").path)
        for booking in found.shuffled(using: &random) { try snapshot.add(booking) }
        let walks = try Self.both(store, snapshot, recognizing: [true, false])
        let fast = walks[0], slow = walks[1]

        var groups = slow.makeIterator()
        var matching = 0
        let comparison = BookingComparison(tolerance: .zero, clockSlack: 300)
        for step in fast {
            guard case .group(let group)? = groups.next() else {
                Issue.record("the walk that recognizes nothing ended first, or gave a match")
                return
            }
            switch step {
            case .group(let same):
                #expect(same == group)
            case .matching(let orderID, let gross, let versionSeen):
                matching += 1
                let booked = try #require(group.booked)
                #expect(booked.orderID == orderID)
                #expect(booked.figures.gross == gross)
                #expect(group.found.count == 1)
                let findings = comparison.findings(reference: group.reference, booked: booked, found: group.found)
                #expect(findings.isEmpty, "\(group.reference): \(findings.map { "\($0.kind) \($0.field)" })")
                #expect(booked.ledgerMismatch == nil)
                let version = group.found.first?.version
                #expect(versionSeen == (version == booked.ledgerVersionSeen ? nil : version))
            }
        }
        #expect(groups.next() == nil)
        // Enough of the pairs are recognized for the comparison above to mean something.
        #expect(matching >= 60, "only \(matching) pairs recognized")
    }
}
