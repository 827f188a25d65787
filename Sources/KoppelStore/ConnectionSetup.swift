import Foundation
import GRDB
import KoppelCore

/// A connection's ledger access as stored: the tokens still sealed.
public struct StoredLedgerAccess: Sendable {
    public var baseURL: String
    public var administrationID: String
    public var sealedTokens: Data
    /// The ledger adapter's own settings, as JSON (its adapter decodes them).
    public var settingsJSON: String
}

/// What a connection books, and how.
public struct BookingConfiguration: Sendable, Equatable {
    public var bookedStatusIDs: [Int64]
    public var vatMapping: VATMapping?
    public var roundingTolerance: Cents
    /// Payment method code (`cod`, `bank_transfer.bank_transfer`) → the ledger debtor its orders are
    /// booked on instead of the customer (never for ICP orders).
    public var fixedDebtors: [String: String]

    public init(
        bookedStatusIDs: [Int64] = [], vatMapping: VATMapping? = nil, roundingTolerance: Cents = Cents(1),
        fixedDebtors: [String: String] = [:]
    ) {
        self.bookedStatusIDs = bookedStatusIDs
        self.vatMapping = vatMapping
        self.roundingTolerance = roundingTolerance
        self.fixedDebtors = fixedDebtors
    }
}

extension KoppelDatabase {
    /// Stores how the connection reaches its ledger; the tokens sealed and bound to the license.
    public func setLedgerAccess(
        connection: Connection, baseURL: String, administrationID: String, tokensJSON: Data, settingsJSON: String,
        sealer: SecretSealer, now: Int64
    ) throws {
        let sealed = try sealer.seal(String(decoding: tokensJSON, as: UTF8.self), context: Self.ledgerTokensContext(license: connection.licenseKey))
        try pool.write { db in
            try db.execute(
                sql: """
                    INSERT INTO connection_ledger (connection_id, base_url, administration_id, tokens_sealed, settings, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?)
                    ON CONFLICT (connection_id) DO UPDATE SET base_url = excluded.base_url,
                        administration_id = excluded.administration_id, tokens_sealed = excluded.tokens_sealed,
                        settings = excluded.settings, updated_at = excluded.updated_at
                    """,
                arguments: [connection.id, baseURL, administrationID, sealed, settingsJSON, now])
        }
    }

    public func ledgerAccess(connectionID: Int64) throws -> StoredLedgerAccess? {
        try pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM connection_ledger WHERE connection_id = ?", arguments: [connectionID]).map {
                StoredLedgerAccess(
                    baseURL: $0["base_url"], administrationID: $0["administration_id"], sealedTokens: $0["tokens_sealed"],
                    settingsJSON: $0["settings"])
            }
        }
    }

    public func bookingConfiguration(connectionID: Int64) throws -> BookingConfiguration {
        try pool.read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM connection_config WHERE connection_id = ?", arguments: [connectionID]) else {
                return BookingConfiguration()
            }
            let statuses: String = row["booked_status_ids"]
            let mapping: String? = row["vat_mapping"]
            let debtors: String = row["fixed_debtors"]
            return BookingConfiguration(
                bookedStatusIDs: (try? JSONDecoder().decode([Int64].self, from: Data(statuses.utf8))) ?? [],
                vatMapping: mapping.flatMap { try? JSONDecoder().decode(VATMapping.self, from: Data($0.utf8)) },
                roundingTolerance: Cents(row["rounding_tolerance_cents"]),
                fixedDebtors: (try? JSONDecoder().decode([String: String].self, from: Data(debtors.utf8))) ?? [:])
        }
    }

    public func setBookingConfiguration(_ configuration: BookingConfiguration, connectionID: Int64, now: Int64) throws {
        let statuses = String(decoding: try JSONEncoder().encode(configuration.bookedStatusIDs), as: UTF8.self)
        let mapping = try configuration.vatMapping.map { String(decoding: try JSONEncoder().encode($0), as: UTF8.self) }
        let debtors = String(decoding: try JSONEncoder().encode(configuration.fixedDebtors), as: UTF8.self)
        try pool.write { db in
            try db.execute(
                sql: """
                    INSERT INTO connection_config (connection_id, booked_status_ids, vat_mapping, rounding_tolerance_cents,
                        fixed_debtors, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?)
                    ON CONFLICT (connection_id) DO UPDATE SET booked_status_ids = excluded.booked_status_ids,
                        vat_mapping = excluded.vat_mapping, rounding_tolerance_cents = excluded.rounding_tolerance_cents,
                        fixed_debtors = excluded.fixed_debtors, updated_at = excluded.updated_at
                    """,
                arguments: [connectionID, statuses, mapping, configuration.roundingTolerance.value, debtors, now])
        }
    }

    /// The newest settings the shop pushed, as canonical JSON.
    public func latestSettings(connectionID: Int64) throws -> String? {
        try pool.read { db in
            try String.fetchOne(
                db, sql: "SELECT payload FROM settings_version WHERE connection_id = ? ORDER BY version DESC LIMIT 1",
                arguments: [connectionID])
        }
    }

    public static func ledgerTokensContext(license: String) -> String {
        "koppel ledger tokens v1 " + license
    }
}
