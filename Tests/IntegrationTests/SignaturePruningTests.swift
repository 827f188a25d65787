import Foundation
import GRDB
import KoppelHTTP
import KoppelStore
import Testing

/// The accepted signatures koppel-fcgi keeps against replays are forgotten once they expire.
@Suite(.serialized)
struct SignaturePruningTests {
    func storedSignatures(_ stack: Stack) throws -> [Data] {
        try stack.database.pool.read { db in try Data.fetchAll(db, sql: "SELECT signature FROM accepted_signature ORDER BY signature") }
    }

    @Test func expiredSignaturesLeaveTheTableAsPushesArrive() throws {
        let stack = try Stack()
        for _ in 0..<40 {
            let ping = try stack.send("GET", "/api/v1/ping", contentType: nil)
            #expect(ping.status == 200, "\(ping.text)")
        }
        let stored = try storedSignatures(stack)
        #expect(stored.count == 40)
        // As koppel-fcgi stores them: the hex digits of the header, nothing a test made up.
        let hexDigits = Set("0123456789abcdef".utf8)
        #expect(stored.allSatisfy { $0.count == 64 && $0.allSatisfy(hexDigits.contains) })

        // Age 30 of them by an hour, as the clock does: each expires 301 s after its timestamp.
        let aged = Array(stored.prefix(30))
        try stack.database.pool.write { db in
            for signature in aged {
                try db.execute(sql: "UPDATE accepted_signature SET expires_at = expires_at - 3600 WHERE signature = ?", arguments: [signature])
                #expect(db.changesCount == 1)
            }
        }
        let push = try stack.send("POST", "/api/v1/orders", body: try Samples.batchBody(["opencart3-order-1.json"]))
        #expect(push.status == 200, "\(push.text)")
        // The expired 30 are gone; the 10 that could still be replayed stay, with the push's own.
        let after = try storedSignatures(stack)
        #expect(after.count == 11)
        #expect(Set(stored.suffix(10)).isSubset(of: after))
        #expect(Set(aged).isDisjoint(with: after))
    }
}
