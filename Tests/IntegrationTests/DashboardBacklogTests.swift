import Foundation
import GRDB
import KoppelHTTP
import KoppelStore
import OpenCart
import Testing

/// Open's progress of a bulk migration through nginx: 200 historical orders pushed, then the
/// booking worker (`koppel sync --follow`) books them through a sandbox that answers a little
/// slowly; `GET backlog` counts them down with the time left, and is empty afterwards.
@Suite struct DashboardBacklogTests {
    /// OpenCart 3's order 1 as order `id`, placed `daysAgo` days ago (the shop's local time).
    static func order(_ id: Int, daysAgo: Int) throws -> [String: Any] {
        var rows = try #require(
            try JSONSerialization.jsonObject(
                with: Data(contentsOf: Samples.folder.appendingPathComponent("opencart3-order-1.json"))) as? [String: Any])
        let placed = Date().addingTimeInterval(-Double(daysAgo) * 86_400)
        let format = DateFormatter()
        format.locale = Locale(identifier: "en_US_POSIX")
        format.dateFormat = "yyyy-MM-dd HH:mm:ss"
        var order = try #require(rows["order"] as? [String: Any])
        order["order_id"] = "\(id)"
        order["date_added"] = format.string(from: placed)
        order["date_modified"] = format.string(from: placed)
        rows["order"] = order
        for table in ["order_product", "order_option", "order_total", "order_history"] {
            rows[table] = (rows[table] as? [[String: Any]])?.map { row in
                var row = row
                if row["order_id"] != nil { row["order_id"] = "\(id)" }
                return row
            }
        }
        let decoded = try JSONDecoder().decode(OrderRows.self, from: JSONSerialization.data(withJSONObject: rows))
        return try JSONSerialization.jsonObject(with: JSONEncoder().encode(try decoded.pushedOrder())) as! [String: Any]
    }

    @Test func theBacklogCountsDownWhileTheWorkerBooks() throws {
        // Slow enough that the worker's progress is seen between looks; no rate limit in the way.
        let sandbox = try LedgerSandbox(arguments: ["--latency-ms", "15", "--rate-limit", "1000000"])
        let (stack, web, client) = try DashboardConfigurationTests.configuredStack(sandbox: sandbox)
        defer { withExtendedLifetime(web) {} }
        let path = "connections/\(stack.license)/backlog"
        let empty = try answerObject(try client.call("GET", path))
        #expect(empty["remaining"] as? Int == 0)
        #expect(empty["message"] == nil)

        for batch in 0..<4 {
            let orders = try (0..<50).map { try Self.order(1000 + batch * 50 + $0, daysAgo: 400 - $0) }
            let body = try JSONSerialization.data(withJSONObject: ["orders": orders])
            #expect(try stack.send("POST", "/api/v1/orders", body: body).status == 200)
        }
        let waiting = try answerObject(try client.call("GET", path))
        #expect(waiting["remaining"] as? Int == 200)
        #expect(waiting["total"] as? Int == 200)
        #expect(waiting["done"] as? Int == 0)
        #expect(waiting["historical"] as? Bool == true)
        #expect(waiting["message"] as? String == "0 van 200 historische bestellingen verwerkt")
        #expect(waiting["seconds_left"] == nil)

        let worker = try BookingWorker(stack, connection: stack.license)
        defer { withExtendedLifetime(worker) {} }
        var seen: [(done: Int, total: Int, secondsLeft: Int?)] = []
        let finished = try eventually("the backlog emptied", seconds: 180) { () -> (Bool?, last: String) in
            let answer = try answerObject(try client.call("GET", path))
            let remaining = answer["remaining"] as? Int ?? -1
            if remaining > 0 {
                seen.append((answer["done"] as? Int ?? -1, answer["total"] as? Int ?? -1, answer["seconds_left"] as? Int))
            }
            return (remaining == 0 ? true : nil, "\(answer)")
        }
        #expect(finished)
        // The count moved up, never down, over the same 200; the time left was told on the way.
        let moving = seen.filter { $0.done > 0 }
        #expect(!moving.isEmpty, "no progress seen: \(seen)")
        #expect(seen.allSatisfy { $0.total == 200 }, "\(seen)")
        #expect(zip(seen, seen.dropFirst()).allSatisfy { $0.done <= $1.done }, "\(seen)")
        #expect(moving.contains { ($0.secondsLeft ?? 0) > 0 }, "\(seen)")
        // The backlog counts examined orders: the last one's booking may still be under way.
        let booked = try eventually("every order booked", seconds: 60) { () -> (Int?, last: String) in
            let count = try stack.database.pool.read { db in
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM shop_order WHERE state = 'booked'")
            }
            return (count == 200 ? count : nil, "\(String(describing: count)) booked; \(try worker.log())")
        }
        #expect(booked == 200)
    }
}
