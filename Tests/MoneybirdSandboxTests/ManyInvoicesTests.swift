import Foundation
import KoppelHTTP
import Testing

/// Lists, look-ups and synchronization over thousands of invoices, through the wire.
@Suite struct ManyInvoicesTests {
    static let period = "period:20250101..20261231"
    static let encodedPeriod = "period%3A20250101%2E%2E20261231"

    /// A sandbox with 2,500 invoices imported as 1,000 drafts of 2025, 1,000 open and 500 paid of 2026;
    /// every 100th draft lies in 2024, outside `period`. Their ids and references in import order.
    private static func filled() throws -> (sandbox: SandboxProcess, ids: [String], references: [String], outside: Set<String>) {
        let sandbox = try SandboxProcess()
        let contacts = try sandbox.call(
            "POST", "\(sandbox.admin)/contacts/import",
            json: #"{"contacts": [{"company_name": "Een"}, {"company_name": "Twee"}, {"company_name": "Drie"}]}"#,
            token: nil)
        let contactIDs = try #require(try JSON.object(contacts)["ids"] as? [String])
        var ids: [String] = []
        var references: [String] = []
        var outside: Set<String> = []
        for (state, count, year) in [("draft", 1_000, 2025), ("open", 1_000, 2026), ("paid", 500, 2026)] {
            let first = references.count
            let batch = (0..<count).map { index in
                let date = state == "draft" && index % 100 == 0 ? "2024-12-31" : "\(year)-\(String(format: "%02d-%02d", index % 12 + 1, index % 28 + 1))"
                return SandboxProcess.invoice(
                    contact: contactIDs[index % 3], reference: "R\(first + index)", date: date, price: "\(index + 1)")
            }
            let answer = try sandbox.importInvoices(batch, state: state)
            #expect(answer.status == 201, "\(answer.text)")
            let batchIDs = try #require(try JSON.object(answer)["ids"] as? [String])
            for (index, id) in batchIDs.enumerated() where state == "draft" && index % 100 == 0 { outside.insert(id) }
            ids += batchIDs
            references += (0..<count).map { "R\(first + $0)" }
        }
        return (sandbox, ids, references, outside)
    }

    private static func link(_ sandbox: SandboxProcess, filter: String, page: Int, rel: String) -> String {
        "<\(sandbox.base)/api/v2/\(SandboxProcess.administration)/sales_invoices.json?filter=\(filter)&page=\(page)&per_page=100>; rel=\"\(rel)\""
    }

    @Test func pagesThroughThousandsWithFiltersAndLinks() throws {
        let (sandbox, ids, _, outside) = try Self.filled()
        let inPeriod = ids.filter { !outside.contains($0) }
        let filter = "\(Self.encodedPeriod)%2Cstate%3Aall"
        var seen: [String] = []
        var page = 1
        while true {
            let response = try sandbox.call(
                "GET", "\(sandbox.api)/sales_invoices.json?filter=\(Self.period),state:all&per_page=100&page=\(page)")
            #expect(response.status == 200)
            #expect(response.header("X-Total-Count") == String(inPeriod.count))
            var links: [String] = []
            if page > 1 { links.append(Self.link(sandbox, filter: filter, page: page - 1, rel: "prev")) }
            if page * 100 < inPeriod.count { links.append(Self.link(sandbox, filter: filter, page: page + 1, rel: "next")) }
            #expect(response.header("Link") == links.joined(separator: ", "), "page \(page)")
            let items = try JSON.array(response)
            seen += items.compactMap { $0["id"] as? String }
            if items.count < 100 { break }
            page += 1
        }
        #expect(page == 25)
        #expect(seen == inPeriod)

        // Paid only, read in order; then a deep page asked for first, which has to count its way there.
        let paid = Array(ids.suffix(500))
        var paidSeen: [String] = []
        for page in 1...5 {
            let items = try JSON.array(
                try sandbox.call("GET", "\(sandbox.api)/sales_invoices?filter=state:paid,\(Self.period)&per_page=100&page=\(page)"))
            #expect(items.allSatisfy { $0["state"] as? String == "paid" && $0["total_unpaid"] as? String == "0.0" })
            paidSeen += items.compactMap { $0["id"] as? String }
        }
        #expect(paidSeen == paid)
        let deep = try JSON.array(
            try sandbox.call("GET", "\(sandbox.api)/sales_invoices?filter=state:open|paid,\(Self.period)&per_page=30&page=40"))
        #expect(deep.compactMap { $0["id"] as? String } == Array(ids[1_000...][(1_000 + 39 * 30)..<(1_000 + 40 * 30)]))
        let beyond = try sandbox.call("GET", "\(sandbox.api)/sales_invoices?filter=state:paid&per_page=100&page=6")
        #expect(try JSON.array(beyond).isEmpty)
        #expect(beyond.header("Link") == "<\(sandbox.base)/api/v2/\(SandboxProcess.administration)/sales_invoices?filter=state%3Apaid&page=5&per_page=100>; rel=\"prev\"")
    }

    @Test func findByReferenceAmongThousands() throws {
        let (sandbox, ids, references, _) = try Self.filled()
        for index in [0, 999, 1_000, 1_777, 2_499] {
            let found = try sandbox.call("GET", "\(sandbox.api)/sales_invoices/find_by_reference/\(references[index]).json")
            #expect(found.status == 200)
            #expect(try JSON.object(found)["id"] as? String == ids[index])
        }
        #expect(try sandbox.call("GET", "\(sandbox.api)/sales_invoices/find_by_reference/R2500").status == 404)

        // Three invoices share a reference: the oldest answers, and the next once it is gone.
        let contact = try sandbox.createContact()
        let shared = try sandbox.importInvoices(
            (1...3).map { SandboxProcess.invoice(contact: contact, reference: "SAME", date: "2026-05-0\($0)") })
        let sharedIDs = try #require(try JSON.object(shared)["ids"] as? [String])
        let oldest = try JSON.object(try sandbox.call("GET", "\(sandbox.api)/sales_invoices/find_by_reference/SAME"))
        #expect(oldest["id"] as? String == sharedIDs[0])
        let deleted = try sandbox.call("DELETE", "\(sandbox.admin)/sales_invoices/\(sharedIDs[0])", token: nil)
        #expect(deleted.status == 204)
        let next = try JSON.object(try sandbox.call("GET", "\(sandbox.api)/sales_invoices/find_by_reference/SAME"))
        #expect(next["id"] as? String == sharedIDs[1])

        // A reference changed in Moneybird is found under its new name only.
        let renamed = try sandbox.call(
            "PATCH", "\(sandbox.admin)/sales_invoices/\(ids[5])", json: #"{"reference": "RENAMED"}"#, token: nil)
        #expect(renamed.status == 200)
        #expect(try JSON.object(try sandbox.call("GET", "\(sandbox.api)/sales_invoices/find_by_reference/RENAMED"))["id"] as? String == ids[5])
        #expect(try sandbox.call("GET", "\(sandbox.api)/sales_invoices/find_by_reference/\(references[5])").status == 404)
    }

    @Test func synchronizationOverThousands() throws {
        let (sandbox, ids, references, outside) = try Self.filled()
        let all = try JSON.array(
            try sandbox.call("GET", "\(sandbox.api)/sales_invoices/synchronization.json?filter=\(Self.period),state:all"))
        #expect(all.compactMap { $0["id"] as? String } == ids.filter { !outside.contains($0) })
        #expect(all.allSatisfy { ($0["version"] as? Int ?? 0) > 1_700_000_000 })
        let open = try JSON.array(
            try sandbox.call("GET", "\(sandbox.api)/sales_invoices/synchronization.json?filter=state:open,\(Self.period)"))
        #expect(open.compactMap { $0["id"] as? String } == Array(ids[1_000..<2_000]))

        let wanted = Array(ids[1_200..<1_300].reversed())
        let fetched = try sandbox.call(
            "POST", "\(sandbox.api)/sales_invoices/synchronization.json",
            json: #"{"ids": [\#(wanted.map { "\"\($0)\"" }.joined(separator: ","))]}"#)
        #expect(fetched.status == 200)
        let records = try JSON.array(fetched)
        #expect(records.compactMap { $0["id"] as? String } == wanted)
        #expect(records.compactMap { $0["reference"] as? String } == Array(references[1_200..<1_300].reversed()))
        #expect(records.allSatisfy { ($0["contact"] as? [String: Any])?["company_name"] is String })

        // "Returns a maximum of 100 invoice, even if more ids are provided" (spec): the first 100.
        let tooMany = try sandbox.call(
            "POST", "\(sandbox.api)/sales_invoices/synchronization.json",
            json: #"{"ids": [\#(ids.prefix(101).map { "\"\($0)\"" }.joined(separator: ","))]}"#)
        #expect(tooMany.status == 200)
        #expect(try JSON.array(tooMany).compactMap { $0["id"] as? String } == Array(ids.prefix(100)))
    }
}
