import Foundation
import GRDB
import KoppelCore

/// Each connection's reference prefix: unique among the connections, chosen when the connection
/// is made, changeable until koppel first asked a ledger to create a booking for it.
extension KoppelDatabase {
    /// A generated prefix no connection uses yet.
    static func unusedPrefix(_ db: Database) throws -> String {
        for _ in 0..<100 {
            let prefix = BookingReference.generatePrefix()
            if try !Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM connection WHERE reference_prefix = ?)", arguments: [prefix])! {
                return prefix
            }
        }
        throw ReferencePrefixError.exhausted
    }

    /// Sets the prefix of a connection that has not booked anything yet.
    public func setReferencePrefix(_ prefix: String, license: String, now: Int64) throws {
        guard BookingReference.isValidPrefix(prefix) else { throw ReferencePrefixError.invalid(prefix) }
        try pool.write { db in
            guard let id = try Int64.fetchOne(db, sql: "SELECT id FROM connection WHERE license_key = ?", arguments: [license]) else {
                throw ReferencePrefixError.noConnection(license)
            }
            if try Self.hasReachedLedger(db, connectionID: id) { throw ReferencePrefixError.fixed }
            let taken = try Bool.fetchOne(
                db, sql: "SELECT EXISTS (SELECT 1 FROM connection WHERE reference_prefix = ? AND id != ?)", arguments: [prefix, id])!
            if taken { throw ReferencePrefixError.taken(prefix) }
            try db.execute(sql: "UPDATE connection SET reference_prefix = ?, updated_at = ? WHERE id = ?", arguments: [prefix, now, id])
        }
    }

    /// Whether koppel ever asked the ledger to create a booking for this connection: a document
    /// known, or one in doubt. From then on its references are fixed.
    static func hasReachedLedger(_ db: Database, connectionID: Int64) throws -> Bool {
        if try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM booked_document WHERE connection_id = ?)", arguments: [connectionID])! {
            return true
        }
        let flows = try String.fetchAll(
            db, sql: "SELECT flow FROM shop_order WHERE connection_id = ? AND (ledger_id IS NOT NULL OR flow IS NOT NULL)",
            arguments: [connectionID])
        let decoder = JSONDecoder()
        return flows.contains { json in
            // A state that cannot be read may hide a booking: the prefix stays as it is.
            guard let flow = try? decoder.decode(BookingFlow.self, from: Data(json.utf8)) else { return true }
            return flow.trail.mayExist || flow.trail.generation > 1
        }
    }

    /// Connections that book into the same ledger administration with the same prefix: their
    /// references would collide.
    public func sharedReferences() throws -> [(prefix: String, administration: String, connections: [String])] {
        try pool.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT c.reference_prefix AS prefix, l.base_url || ' ' || l.administration_id AS administration,
                        group_concat(c.name || ' (' || c.license_key || ')', ', ') AS names, count(*) AS n
                    FROM connection c JOIN connection_ledger l ON l.connection_id = c.id
                    GROUP BY c.reference_prefix, l.base_url, l.administration_id HAVING n > 1
                    """
            ).map { ($0["prefix"], $0["administration"], ($0["names"] as String).components(separatedBy: ", ")) }
        }
    }
}

public enum ReferencePrefixError: Error, CustomStringConvertible {
    case invalid(String)
    case taken(String)
    case fixed
    case noConnection(String)
    case exhausted

    public var description: String {
        switch self {
        case .invalid(let prefix):
            return "\(prefix) is no reference prefix: 1 to 8 upper-case letters or digits, starting with a letter"
        case .taken(let prefix): return "another connection already uses the prefix \(prefix)"
        case .fixed: return "this connection has booked already: its references stay as they are"
        case .noConnection(let license): return "no connection has license \(license)"
        case .exhausted: return "no free reference prefix was found"
        }
    }
}
