import Foundation
import GRDB

/// The Algemene Voorwaarden and the AVG texts a user accepted: per document the version and when.
extension KoppelDatabase {
    /// Records that the user accepted these versions (document → version), all in one transaction;
    /// accepting a version again keeps its first time.
    public func acceptTerms(userID: Int64, versions: [String: String], now: Int64) throws {
        try pool.write { db in
            for (document, version) in versions {
                try db.execute(
                    sql: """
                        INSERT INTO terms_acceptance (user_id, document, version, accepted_at) VALUES (?, ?, ?, ?)
                        ON CONFLICT (user_id, document, version) DO NOTHING
                        """,
                    arguments: [userID, document, version, now])
            }
        }
    }

    /// When the user accepted each of these versions (document → version); a document whose
    /// version they did not accept is absent.
    public func acceptedTerms(userID: Int64, versions: [String: String]) throws -> [String: Int64] {
        try pool.read { db in
            var accepted: [String: Int64] = [:]
            for (document, version) in versions {
                accepted[document] = try Int64.fetchOne(
                    db,
                    sql: "SELECT accepted_at FROM terms_acceptance WHERE user_id = ? AND document = ? AND version = ?",
                    arguments: [userID, document, version])
            }
            return accepted
        }
    }
}
