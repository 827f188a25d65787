import Foundation
import GRDB
import KoppelCore

extension KoppelDatabase {
    /// A fetched shop's settings (read from its API, not pushed): stored as the next settings
    /// version when they changed, as a pushing shop's are.
    @discardableResult
    public func storeFetchedSettings(canonicalJSON: Data, connectionID: Int64, now: Int64) throws -> (result: StoreResult, version: Int64) {
        let payload = try StoredPayload.encode(canonicalJSON)
        return try pool.write { db in
            try Self.storeSettingsVersion(canonicalJSON, payload: payload, connectionID: connectionID, now: now, db)
        }
    }

}
