import Foundation
import KoppelCore
import KoppelHTTP

/// What the sandbox ledger holds, read back over its API the way an accountant would check it.
/// Every failure is thrown, never read as "no invoices"; the sandbox's own rate limit is waited
/// out (the read-back is rate limited like any client), within a bounded number of tries.
struct LedgerReadBack {
    struct Invoice {
        var id: String
        var reference: String
        var state: String
        var total: Cents
        var paid: Cents
        var payments: [Cents]
    }

    let sandbox: SandboxServer

    /// Every invoice, page by page.
    func invoices() throws -> [Invoice] {
        var invoices: [Invoice] = []
        var page = 1
        while true {
            let batch = try read("sales_invoices.json?filter=state:all&per_page=100&page=\(page)")
            invoices += batch
            guard batch.count == 100 else { return invoices }
            page += 1
        }
    }

    /// The invoices per reference.
    func invoicesByReference() throws -> [String: [Invoice]] {
        Dictionary(grouping: try invoices(), by: \.reference)
    }

    private func read(_ path: String) throws -> [Invoice] {
        for _ in 0..<60 {
            let response = try sandbox.get(path)
            if response.status == 429 {
                usleep(500_000)
                continue
            }
            guard response.status == 200 else { throw ReadBackError("GET \(path) answered \(response.status): \(response.text)") }
            guard let list = try JSONSerialization.jsonObject(with: response.body) as? [[String: Any]] else {
                throw ReadBackError("GET \(path) is not a list: \(response.text.prefix(200))")
            }
            return try list.map(Self.invoice)
        }
        throw ReadBackError("GET \(path) stayed rate limited for 30 s")
    }

    private static func invoice(_ json: [String: Any]) throws -> Invoice {
        func text(_ key: String) throws -> String {
            guard let value = json[key] as? String else { throw ReadBackError("invoice without \(key): \(json)") }
            return value
        }
        let payments = try (json["payments"] as? [[String: Any]] ?? []).map { payment in
            guard let price = payment["price"] as? String else { throw ReadBackError("payment without price: \(payment)") }
            return try Cents(parsing: price)
        }
        return Invoice(
            id: try text("id"), reference: try text("reference"), state: try text("state"),
            total: try Cents(parsing: try text("total_price_incl_tax")), paid: try Cents(parsing: try text("total_paid")),
            payments: payments)
    }
}

struct ReadBackError: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}
