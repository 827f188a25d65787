import Booking
import Foundation
import KoppelCore
import KoppelHTTP
import Testing

@testable import Moneybird

/// The reconciler's lean reader of invoice pages against `JSONDecoder`, on pages the sandbox wrote.
@Suite(.serialized)
struct InvoicePageReaderTests {
    @Test func readsWhatJSONDecoderReadsOnRealPages() throws {
        let setup = try BookingJobTests.Setup(sandboxArguments: ["--rate-limit", "100000"])
        try setup.push(1, id: 41)
        try setup.push(3, id: 42, email: "zoë+\"quoted\"@example.nl")
        try setup.push(1, id: 43, status: 1)
        #expect(try setup.job.run(setup.connection).booked == 2)
        // Escapes and non-ASCII in a contact, an empty draft, null members.
        let contact = try #require(
            (try JSONSerialization.jsonObject(with: try setup.sandbox.get("sales_invoices.json?filter=reference:\(setup.reference(42)),state:all").body)
                as? [[String: Any]])?.first?["contact_id"] as? String)
        try setup.sandbox.admin("PATCH", "contacts/\(contact)", #"{"company_name": "Zoë \"&\" Müller\\Co\u00e9 🚲", "city": null}"#)
        _ = try setup.sandbox.send("POST", "sales_invoices.json", #"{"sales_invoice": {"contact_id": "\#(contact)", "reference": null}}"#)

        let page = try setup.sandbox.get("sales_invoices.json?filter=state:all&per_page=100").body
        let expected = try JSONDecoder().decode([MoneybirdJSON.Invoice].self, from: page)
        let read = try InvoicePageReader.invoices(in: page)
        #expect(expected.count == 3)
        #expect(read == expected)
        #expect(read.contains { $0.contact?.companyName == "Zoë \"&\" Müller\\Coé 🚲" })
        // The payment members the reconciler checks paid bookings with: 42 is paid, 41 a draft.
        #expect(read.contains { $0.reference == setup.reference(42) && $0.state == "paid" && $0.totalUnpaid == "0.0" })
        #expect(read.contains { $0.reference == setup.reference(41) && $0.state == "draft" && $0.totalUnpaid == $0.totalPriceInclTax })
    }

    /// Pages the invoice page fuzzer's property (the reader reads what `JSONDecoder` reads) broke:
    /// members that are null or numbers written another way.
    @Test(arguments: [
        #"[{"id": "1", "tax_totals": null}]"#,
        #"[{"id": "1", "version": 1e3}]"#,
        #"[{"id": "1", "version": 5.0}]"#,
        #"[{"id": "1", "version": 17E2, "tax_totals": [{"tax_rate_id": "2", "tax_amount": "0.0"}]}]"#,
        #"[{"id": "1", "version": -0}]"#,
        // Skipped strings end at the first quote after an even number of backslashes.
        #"[{"id": "1", "notes": "a\\", "url": "b\"c\\\"d\\\\", "details": [{"x": "}\"]{", "y": "\\\\"}], "reference": "R"}]"#,
        #"[{"id": "1", "\\": "\"", "details": ["\\\"", {"\"": "\\"}], "contact": {"id": "2", "notes": "\\"}, "reference": "S"}]"#,
        // Names are matched by their bytes; written with escapes, they are decoded first.
        #"[{"i\u0064": "1", "refer\u0065nce": "T-1", "": 2, "\"id\"": "3", "id ": "4", "contact": {"\u0069d": "9", "emai\u006c": "a@b.nl"}}]"#,
    ])
    func readsWhatJSONDecoderReadsOnOddPages(_ page: String) throws {
        let expected = try JSONDecoder().decode([MoneybirdJSON.Invoice].self, from: Data(page.utf8))
        #expect(try InvoicePageReader.invoices(in: Data(page.utf8)) == expected)
    }

    @Test func emptyAndMalformedPages() throws {
        #expect(try InvoicePageReader.invoices(in: Data(" [ ] ".utf8)).isEmpty)
        for broken in ["", "[", "[{\"id\": \"1\"", "{\"id\": 1}", "[{\"id\" \"1\"}]", "[{\"id\": \"1\"]", #"[{"id": "1", "notes": "abc\"}]"#, #"[{"id": "1", "notes": "abc\\\"}]"#] {
            #expect(throws: InvoicePageReader.Malformed.self, "\(broken)") { try InvoicePageReader.invoices(in: Data(broken.utf8)) }
        }
    }
}
