import Foundation
import KoppelCore
import KoppelHTTP
import Ledger
import Testing

@testable import Minox

/// The read-back's lean reader of Minox answers against `JSONDecoder`, and what a period's
/// read-back asks for.
@Suite(.serialized)
struct MinoxCollectionReaderTests {
    let base = MinoxLedgerTests()

    /// Every member the read-back uses, nil and empty kept apart.
    static func fingerprint(_ line: MinoxRead.Line) -> String {
        [line.batch_id ?? "nil", line.entry_number.map(String.init) ?? "nil", line.journal?.id.text ?? "nil",
         line.account?.type ?? "nil", line.account == nil ? "no account" : "", line.invoice_number.map(String.init) ?? "nil",
         line.vat == nil ? "no vat" : "", MinoxReadBack.versionText(line)].joined(separator: "|")
    }

    static func fingerprint(_ item: MinoxRead.Receivable) -> String {
        [item.account_id?.text ?? "nil", item.invoice_number.map(String.init) ?? "nil",
         item.balance.map { String(describing: $0.cents) } ?? "nil"].joined(separator: "|")
    }

    static func leanLines(_ data: Data) throws -> [String] {
        var read: [String] = []
        try MinoxCollectionReader.lines(in: data) { read.append(fingerprint($0)) }
        return read
    }

    static func decodedLines(_ data: Data) throws -> [String] {
        try JSONDecoder().decode(MinoxRead.Collection<MinoxRead.Line>.self, from: data).collection.map(fingerprint)
    }

    @Test func readsWhatJSONDecoderReadsOnTheSandboxsAnswers() throws {
        let sandbox = try MinoxSandboxServer(["--rate-limit", "100000"])
        let ledger = try base.ledger(sandbox)
        var years: Set<String> = []
        for name in ["1", "2", "3", "4", "gift-voucher"] {
            let booking = try base.prepared(name, using: ledger)
            _ = try ledger.create(booking, idempotencyKey: "reader-\(name)")
            years.insert(String(booking.document.orderDate.prefix(4)))
        }
        var lines = 0
        for year in years {
            let answer = try sandbox.call("GET", "\(sandbox.api)/year/\(year)/transaction_lines")
            #expect(answer.status == 200, "\(answer.text)")
            let expected = try Self.decodedLines(answer.body)
            #expect(try Self.leanLines(answer.body) == expected)
            lines += expected.count
        }
        #expect(lines >= 15)

        let open = try sandbox.call("GET", "\(sandbox.api)/receivable?status=open").body
        let expected = try JSONDecoder().decode(MinoxRead.Collection<MinoxRead.Receivable>.self, from: open).collection.map(Self.fingerprint)
        var read: [String] = []
        try MinoxCollectionReader.receivables(in: open) { read.append(Self.fingerprint($0)) }
        #expect(expected.count == 5)
        #expect(read == expected)
    }

    /// Ids as numbers or text, amounts as numbers or text written in several ways, null and
    /// unknown members, escapes.
    @Test(arguments: [
        #"{"collection": []}"#,
        #"{"id": "x", "collection": [{"batch_id": "b", "account": {"id": 100001, "type": "customer", "extra": [1, {"a": "]"}]}, "debit": 12.30, "credit": null, "invoice_number": 7}]}"#,
        #"{"collection": [{"entry_number": 3, "journal": {"id": "VK"}, "account": {"id": "8000"}, "credit": "12.3", "vat": {"id": 2, "amount": 2.1}}], "total": 1}"#,
        #"{"collection": [{"batch_id": "b", "journal": null, "account": null, "debit": 0, "credit": "0", "vat": {"id": "1", "amount": null}}]}"#,
        #"{"collection": [{"batch_id": "b", "description": "Zo\u00eb \"&\" M\u00fcller\\Co 🚲", "document_date": "2026-03-01", "debit": 1e1, "credit": 0.5}]}"#,
        #"{"collection": [{"batch_id": "b", "debit": -4.75, "notes": {"nested": [[], {}, "\"}"]}}]}"#,
    ])
    func readsWhatJSONDecoderReadsOnOddAnswers(_ answer: String) throws {
        let data = Data(answer.utf8)
        #expect(try Self.leanLines(data) == Self.decodedLines(data))
    }

    @Test func malformedAnswersAreRefused() {
        for broken in ["", "[]", "{}", #"{"collection": null}"#, #"{"collection": [{"batch_id": "b"}"#, #"{"collection": [{"debit": 1.234}]}"#,
                       #"{"collection": [{"account": {"type": "customer"}}]}"#, #"{"collection": [{"batch_id" "b"}]}"#] {
            #expect(throws: (any Error).self, "\(broken)") { try Self.leanLines(Data(broken.utf8)) }
        }
    }

    /// A period reads the customer list once (Minox allows 20 requests in 120 s), never a
    /// customer by id, and reads back each customer as a look-up by reference does.
    @Test func aPeriodReadsTheCustomerListOnceNotEachCustomer() throws {
        let sandbox = try MinoxSandboxServer(["--rate-limit", "100000"])
        let ledger = try base.ledger(sandbox)
        var bookings: [PreparedBooking] = []
        for (index, name) in ["1", "2", "3"].enumerated() {
            var booking = try base.prepared(name, reference: "880\(index)", using: ledger)
            booking.document.customer.email = "klant-\(index)@example.nl"
            _ = try ledger.create(booking, idempotencyKey: "list-\(index)")
            bookings.append(booking)
        }
        var expected: [String: LedgerBooking] = [:]
        for booking in bookings {
            expected[booking.document.reference] = try #require(try ledger.findBooking(reference: booking.document.reference))
        }
        let before = try sandbox.stats()
        let dates = bookings.map(\.document.orderDate).sorted()
        var read: [LedgerBooking] = []
        try ledger.bookings(in: DatePeriod(first: dates.first!, last: dates.last!)) { read.append($0) }
        let after = try sandbox.stats()

        #expect(read.count == 3)
        for booking in read { #expect(booking == expected[booking.reference]) }
        #expect(Set(read.compactMap(\.customer?.email)).count == 3)
        #expect((after["GET /customer"] ?? 0) - (before["GET /customer"] ?? 0) == 1)
        #expect(after["GET /customer/{id}"] == before["GET /customer/{id}"])
    }
}
