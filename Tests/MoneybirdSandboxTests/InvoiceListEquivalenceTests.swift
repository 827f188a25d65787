import Foundation
import SandboxSupport
import Testing

@testable import MoneybirdSandbox

/// The store's SQL lists against the rules as `InvoiceFilter.matches` states them on decoded invoices,
/// paged in memory: the same invoices, in the same order, with the same headers, at every page.
@Suite struct InvoiceListEquivalenceTests {
    static let administration = "318440553870706657"

    /// A sandbox in this process with `count` varied invoices, and those invoices as the store gives them back.
    private static func fixture(count: Int) throws -> (sandbox: Sandbox, invoices: [SalesInvoice], folder: URL) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sandbox-sql-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let sandbox = try Sandbox(
            configuration: SandboxConfiguration(databasePath: folder.appendingPathComponent("s.sqlite").path))
        let today = SalesInvoicesAPI.today()
        let boundary = try Date("2026-01-01T00:00:00.000Z", strategy: .iso8601)
        let references: [String?] = [nil, "", "R1", "R2", "R7", "R9", "Caf\u{E9}", "Cafe\u{301}", "ORD-77", "ORD-77"]
        let dates: [String?] = [nil, today, "2024-12-31", "2025-01-01", "2025-06-15", "2026-01-01", "2026-12-31", "2027-03-01"]
        var rng = SystemRandomNumberGenerator()
        let invoices = try sandbox.store.write { tx -> [SalesInvoice] in
            let workflows = try sandbox.masterData(tx, administration: administration).workflows.map(\.id)
            var contacts: [String] = []
            for number in 0..<3 {
                let contact = try ContactsAPI.newContact(
                    .object([("company_name", .string("Klant \(number)"))]), administration: administration, tx: tx,
                    now: Date())
                try tx.save(contact, kind: .contact, administration: administration, id: contact.id)
                contacts.append(contact.id)
            }
            var saved: [SalesInvoice] = []
            for index in 0..<count {
                // Some instants exactly on the filter's boundary, the rest with sub-millisecond fractions.
                let created = index % 11 == 0 ? boundary : boundary.addingTimeInterval(Double.random(in: -9e6...9e6, using: &rng))
                let invoice = SalesInvoice(
                    id: try tx.nextID(), administrationID: administration, contactID: contacts[index % contacts.count],
                    workflowID: workflows[index % 2], documentStyleID: "1", draftID: index, invoiceID: nil,
                    state: InvoiceState.all[index % InvoiceState.all.count], reference: references[index % references.count],
                    invoiceDate: dates[index * 7 % dates.count], dueDate: nil, firstDueInterval: 14, currency: "EUR",
                    pricesAreInclTax: false, paymentReference: nil, details: [], payments: [], sentAt: nil, paidAt: nil,
                    createdAt: created, updatedAt: created.addingTimeInterval(Double(index % 5) * 1e6), version: index)
                try tx.saveInvoice(invoice)
                saved.append(invoice)
            }
            return saved
        }
        // As the old lists saw them: decoded from the stored JSON.
        let stored = try invoices.map {
            try StoreTransaction.decoder.decode(SalesInvoice.self, from: StoreTransaction.encoder.encode($0))
        }
        return (sandbox, stored, folder)
    }

    private static func request(filter: String?, page: Int, perPage: Int) -> APIRequest {
        var query = ["page": String(page), "per_page": String(perPage)]
        query["filter"] = filter
        return APIRequest(
            method: "GET", path: [administration, "sales_invoices"], query: query, body: Data(),
            origin: "http://127.0.0.1:9100", rawPath: "/api/v2/\(administration)/sales_invoices.json")
    }

    /// The list as before: every invoice decoded, filtered in Swift and paged in memory.
    private static func expected(
        _ invoices: [SalesInvoice], _ sandbox: Sandbox, filter: String?, page: Int, perPage: Int
    ) throws -> (ids: [String], headers: [String]) {
        let today = SalesInvoicesAPI.today()
        let rules = try InvoiceFilter(filter, today: today)
        let slice = invoices.filter { rules.matches($0, today: today) }
            .page(request(filter: filter, page: page, perPage: perPage), page: page, perPage: perPage)
        return (slice.items.map(\.id), slice.headers.map { "\($0.0): \($0.1)" })
    }

    private static func actual(
        _ sandbox: Sandbox, filter: String?, page: Int, perPage: Int
    ) throws -> (ids: [String], headers: [String]) {
        let answer = try SalesInvoicesAPI(sandbox: sandbox).list(
            request(filter: filter, page: page, perPage: perPage), administration: administration)
        let ids = (answer.body?.arrayValue ?? []).compactMap { $0["id"]?.text }
        return (ids, answer.headers.map { "\($0.0): \($0.1)" })
    }

    static let filters: [String?] = [
        nil, "state:all", "state:open|paid", "state:draft", "state:paid|all", "period:20250101..20261231,state:all",
        "period:202601..202612", "period:this_month", "period:prev_year,state:late|reminded|scheduled",
        "reference:R7|R9", "reference:Caf\u{E9}", "reference:Cafe\u{301}|ORD-77,state:all", "reference:nothing",
        "created_after:2026-01-01T00:00:00.000Z,state:all", "updated_after:2026-01-01T00:00:00Z",
        "created_after:2025-12-01T00:00:00.000Z,updated_after:2026-02-01T00:00:00.000Z,period:20240101..20271231",
    ]

    @Test func pagesMatchTheSwiftRulesAtEveryDepth() throws {
        let (sandbox, invoices, folder) = try Self.fixture(count: 400)
        defer { try? FileManager.default.removeItem(at: folder) }
        let workflow = try #require(invoices.first?.workflowID)
        let contact = try #require(invoices.last?.contactID)
        for filter in Self.filters + ["workflow_id:\(workflow)", "contact_id:\(contact),state:paid|open|draft"] {
            for perPage in [7, 100] {
                let pages = invoices.count / perPage + 2
                // In order, as a client reads (each page continues after the last), then backwards (OFFSET).
                for page in Array(1...pages) + Array((1...pages).reversed()) {
                    let want = try Self.expected(invoices, sandbox, filter: filter, page: page, perPage: perPage)
                    let got = try Self.actual(sandbox, filter: filter, page: page, perPage: perPage)
                    #expect(got.ids == want.ids, "\(filter ?? "no filter") page \(page) of \(perPage)")
                    #expect(got.headers == want.headers, "\(filter ?? "no filter") page \(page) of \(perPage)")
                }
            }
        }
    }

    @Test func pagesFollowChangesBetweenRequests() throws {
        let (sandbox, stored, folder) = try Self.fixture(count: 120)
        defer { try? FileManager.default.removeItem(at: folder) }
        var invoices = stored
        let filter = "state:all,period:20240101..20271231"
        for page in 1...3 { _ = try Self.actual(sandbox, filter: filter, page: page, perPage: 10) }
        // Page 4 after one invoice of page 2 is gone and another left the filter: counted afresh, as before.
        let gone = invoices.remove(at: 15)
        var changed = invoices[3]
        changed.invoiceDate = "2023-01-01"
        invoices[3] = changed
        try sandbox.store.write { tx in
            try tx.deleteInvoice(gone.id, administration: Self.administration)
            try tx.saveInvoice(changed)
        }
        for page in [4, 5, 12, 1] {
            let want = try Self.expected(invoices, sandbox, filter: filter, page: page, perPage: 10)
            let got = try Self.actual(sandbox, filter: filter, page: page, perPage: 10)
            #expect(got.ids == want.ids, "page \(page)")
            #expect(got.headers == want.headers, "page \(page)")
        }
    }

    @Test func storedInstantsCompareAsDecodedOnes() throws {
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<20_000 {
            let date = Date(timeIntervalSince1970: Double.random(in: 0...4e9, using: &rng))
            let data = try StoreTransaction.encoder.encode([date])
            let decoded = try StoreTransaction.decoder.decode([Date].self, from: data)[0]
            #expect(SalesInvoiceColumns.time(date) == decoded.timeIntervalSinceReferenceDate)
        }
    }
}
