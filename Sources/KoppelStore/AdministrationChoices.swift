import GRDB

extension KoppelDatabase {
    /// Forgets what was chosen from one ledger administration's lists, in one transaction: the
    /// ledger settings (Minox's journal, Moneybird's workflow), the stored copy of its reference
    /// data, and the VAT mapping and fixed debtors, which name its VAT codes, accounts and
    /// contacts. For a connection moved to another administration, where those ids mean nothing:
    /// the mapping is then to be chosen again (`koppel ledger map`). Shop-side choices (statuses,
    /// rounding tolerance) stay.
    public func forgetAdministrationChoices(connectionID: Int64, now: Int64) throws {
        try pool.write { db in
            try db.execute(sql: "DELETE FROM connection_ledger_settings WHERE connection_id = ?", arguments: [connectionID])
            try db.execute(sql: "DELETE FROM ledger_reference WHERE connection_id = ?", arguments: [connectionID])
            try db.execute(
                sql: "UPDATE connection_config SET vat_mapping = NULL, fixed_debtors = '{}', updated_at = ? WHERE connection_id = ?",
                arguments: [now, connectionID])
        }
    }
}
