import Foundation
import GRDB
import KoppelCore

/// What a connection books, and how.
public struct BookingConfiguration: Sendable, Equatable {
    public var bookedStatusIDs: [Int64]
    public var vatMapping: VATMapping?
    public var roundingTolerance: Cents
    /// Payment method code (`cod`, `bank_transfer.bank_transfer`) → the ledger debtor its orders are
    /// booked on instead of the customer (never for ICP orders).
    public var fixedDebtors: [String: String]
    /// Statuses that mean the order was cancelled or refunded: a booked order that reaches one is
    /// credited in the ledger.
    public var cancelStatusIDs: [Int64]

    public init(
        bookedStatusIDs: [Int64] = [], vatMapping: VATMapping? = nil, roundingTolerance: Cents = Cents(1),
        fixedDebtors: [String: String] = [:], cancelStatusIDs: [Int64] = []
    ) {
        self.cancelStatusIDs = cancelStatusIDs
        self.bookedStatusIDs = bookedStatusIDs
        self.vatMapping = vatMapping
        self.roundingTolerance = roundingTolerance
        self.fixedDebtors = fixedDebtors
    }
}

extension KoppelDatabase {
    /// What the connection books; the defaults while nothing is configured. A stored value that
    /// cannot be read throws `UnreadableStoredValue`: no booking on a guessed configuration.
    public func bookingConfiguration(connectionID: Int64) throws -> BookingConfiguration {
        try pool.read { db in try Self.bookingConfiguration(db, connectionID: connectionID) }
    }

    public func setBookingConfiguration(_ configuration: BookingConfiguration, connectionID: Int64, now: Int64) throws {
        try pool.write { db in try Self.writeBookingConfiguration(db, configuration, connectionID: connectionID, now: now) }
    }

    /// Reads, changes and writes the configuration in one write transaction, so that two
    /// `koppel config` commands at once both count.
    @discardableResult
    public func updateBookingConfiguration(
        connectionID: Int64, now: Int64, _ change: (inout BookingConfiguration) throws -> Void
    ) throws -> BookingConfiguration {
        try pool.write { db in
            var configuration = try Self.bookingConfiguration(db, connectionID: connectionID)
            try change(&configuration)
            try Self.writeBookingConfiguration(db, configuration, connectionID: connectionID, now: now)
            return configuration
        }
    }

    private static func bookingConfiguration(_ db: Database, connectionID: Int64) throws -> BookingConfiguration {
        let sql = """
            SELECT c.name, c.license_key, cc.* FROM connection_config cc JOIN connection c ON c.id = cc.connection_id
            WHERE cc.connection_id = ?
            """
        guard let row = try Row.fetchOne(db, sql: sql, arguments: [connectionID]) else { return BookingConfiguration() }
        let stored = StoredRow(row, table: "connection_config", connectionID: connectionID)
        return BookingConfiguration(
            bookedStatusIDs: try stored.json("booked_status_ids", as: [Int64].self, what: "a list of order status ids"),
            vatMapping: try stored.json("vat_mapping", as: VATMapping?.self, what: "a VAT mapping"),
            roundingTolerance: Cents(try stored.value("rounding_tolerance_cents", as: Int64.self)),
            fixedDebtors: try stored.json("fixed_debtors", as: [String: String].self, what: "payment methods with their debtors"),
            cancelStatusIDs: try stored.json("cancel_status_ids", as: [Int64].self, what: "a list of order status ids"))
    }

    private static func writeBookingConfiguration(
        _ db: Database, _ configuration: BookingConfiguration, connectionID: Int64, now: Int64
    ) throws {
        let statuses = String(decoding: try JSONEncoder().encode(configuration.bookedStatusIDs), as: UTF8.self)
        let mapping = try configuration.vatMapping.map { String(decoding: try JSONEncoder().encode($0), as: UTF8.self) }
        let debtors = String(decoding: try JSONEncoder().encode(configuration.fixedDebtors), as: UTF8.self)
        let cancelled = String(decoding: try JSONEncoder().encode(configuration.cancelStatusIDs), as: UTF8.self)
        try db.execute(
            sql: """
                INSERT INTO connection_config (connection_id, booked_status_ids, vat_mapping, rounding_tolerance_cents,
                    fixed_debtors, cancel_status_ids, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (connection_id) DO UPDATE SET booked_status_ids = excluded.booked_status_ids,
                    vat_mapping = excluded.vat_mapping, rounding_tolerance_cents = excluded.rounding_tolerance_cents,
                    fixed_debtors = excluded.fixed_debtors, cancel_status_ids = excluded.cancel_status_ids,
                    updated_at = excluded.updated_at
                """,
            arguments: [connectionID, statuses, mapping, configuration.roundingTolerance.value, debtors, cancelled, now])
    }

    /// The newest settings the shop pushed, as canonical JSON.
    /// - Throws: `UnreadablePayload` when they are stored but cannot be read.
    public func latestSettings(connectionID: Int64) throws -> String? {
        try pool.read { db in
            try Row.fetchOne(
                db, sql: "SELECT payload FROM settings_version WHERE connection_id = ? ORDER BY version DESC LIMIT 1",
                arguments: [connectionID]
            )?.payload()
        }
    }
}
