import KoppelCore
import Testing

@Suite struct ReferenceMergeTests {
    func booked(_ reference: String) -> BookedOrder {
        BookedOrder(
            orderID: 1, ledgerID: "L\(reference)",
            figures: BookedFigures(reference: reference, date: "2026-11-02", gross: .zero, net: .zero, vatByCode: [:], customer: nil),
            bookedAt: 0)
    }

    func found(_ reference: String, _ id: String) -> LedgerBooking {
        LedgerBooking(id: id, reference: reference, date: "2026-11-02", gross: .zero, net: .zero, vatByCode: [:], customer: nil, version: "1")
    }

    func groups(_ booked: [BookedOrder], _ found: [LedgerBooking]) throws -> [String] {
        var bookedIterator = booked.makeIterator()
        var foundIterator = found.makeIterator()
        var merge = ReferenceMerge(booked: { bookedIterator.next() }, found: { foundIterator.next() })
        var result: [String] = []
        while let group = try merge.next() {
            result.append("\(group.reference):\(group.booked == nil ? "-" : "b")\(group.found.map(\.id).joined(separator: ","))")
        }
        return result
    }

    @Test func pairsBothSidesByReference() throws {
        let result = try groups(
            [booked("10"), booked("11"), booked("13")],
            [found("10", "a"), found("12", "b"), found("13", "c"), found("13", "d"), found("14", "e")])
        #expect(result == ["10:ba", "11:b", "12:-b", "13:bc,d", "14:-e"])
    }

    @Test func eitherSideMayBeEmpty() throws {
        #expect(try groups([], []).isEmpty)
        #expect(try groups([booked("1"), booked("2")], []) == ["1:b", "2:b"])
        #expect(try groups([], [found("1", "a"), found("1", "b")]) == ["1:-a,b"])
    }

    @Test func referencesSortByteWiseAsSQLiteDoes() {
        #expect(ReferenceMerge.precedes("10", "9"))
        #expect(ReferenceMerge.precedes("Z", "a"))
        #expect(!ReferenceMerge.precedes("é", "z"))
    }
}
