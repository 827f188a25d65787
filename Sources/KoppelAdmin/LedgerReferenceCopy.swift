import Booking
import Foundation
import KoppelStore
import Ledger

/// The ledger's reference data as the Configuratie tab chooses from it, stored per connection with
/// when it was read (`ledger_reference`): opening the tab does not call the ledger, "Vernieuwen"
/// and `koppel ledger map` do.
public struct LedgerReferenceCopy: Codable, Sendable, Equatable {
    public struct Entry: Codable, Sendable, Equatable {
        public var id: String
        public var name: String
        /// A tax rate's percentage ("21.0"), an account's number ("8000").
        public var detail: String
        /// A tax rate for another member state (OSS): its country.
        public var country: String?
    }

    public var taxRates: [Entry]
    public var revenueAccounts: [Entry]
    public var liabilityAccounts: [Entry]
    public var workflows: [Entry]
    public var documentStyles: [Entry]
    /// Minox's journals (dagboeken), detail `sales` for a sales journal.
    public var journals: [Entry]
    /// Unix seconds.
    public var readAt: Int64

    public init(_ data: LedgerReferenceData, readAt: Int64) {
        func entries(_ list: [LedgerReferenceData.Entry]) -> [Entry] {
            list.map { Entry(id: $0.id, name: $0.name, detail: $0.detail, country: $0.country) }
        }
        taxRates = entries(data.vatCodes)
        revenueAccounts = entries(data.revenueAccounts)
        liabilityAccounts = entries(data.extras["liability_accounts"] ?? [])
        workflows = entries(data.extras["workflows"] ?? [])
        documentStyles = entries(data.extras["document_styles"] ?? [])
        journals = entries(data.extras["journals"] ?? [])
        self.readAt = readAt
    }

    /// A copy stored before journals were kept reads with none.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        taxRates = try container.decode([Entry].self, forKey: .taxRates)
        revenueAccounts = try container.decode([Entry].self, forKey: .revenueAccounts)
        liabilityAccounts = try container.decode([Entry].self, forKey: .liabilityAccounts)
        workflows = try container.decode([Entry].self, forKey: .workflows)
        documentStyles = try container.decode([Entry].self, forKey: .documentStyles)
        journals = try container.decodeIfPresent([Entry].self, forKey: .journals) ?? []
        readAt = try container.decode(Int64.self, forKey: .readAt)
    }

    /// The list a setting of the form `.reference(kind)` chooses from.
    public func entries(_ kind: LedgerReferenceKind) -> [Entry] {
        switch kind {
        case .vatCodes: return taxRates
        case .revenueAccounts: return revenueAccounts
        case .liabilityAccounts: return liabilityAccounts
        case .journals: return journals
        case .workflows: return workflows
        case .documentStyles: return documentStyles
        }
    }

    /// Stores what the ledger answered.
    public static func store(_ data: LedgerReferenceData, connectionID: Int64, in database: KoppelDatabase, now: Int64)
        throws
    {
        let copy = LedgerReferenceCopy(data, readAt: now)
        let json = String(decoding: try JSONEncoder().encode(copy), as: UTF8.self)
        try database.storeLedgerReference(connectionID: connectionID, json: json, readAt: now)
    }

    /// The stored copy; nil before the first read. One that cannot be read is read again by
    /// "Vernieuwen", so it counts as none.
    public static func stored(connectionID: Int64, in database: KoppelDatabase) throws -> LedgerReferenceCopy? {
        guard let (json, _) = try database.ledgerReference(connectionID: connectionID) else { return nil }
        return try? JSONDecoder().decode(LedgerReferenceCopy.self, from: Data(json.utf8))
    }

    /// Reads the reference data from the connection's ledger now and stores it; the outcome is
    /// recorded as the connection's last ledger call (job `ledger`), a refused token as a problem.
    /// "Vernieuwen" and `koppel ledger map` both read it here.
    @discardableResult
    public static func refresh(connection: Connection, ledgers: LedgerFactory, database: KoppelDatabase, now: Int64)
        throws -> LedgerReferenceData
    {
        let data: LedgerReferenceData
        do {
            data = try ledgers.ledger(for: connection).referenceData()
        } catch {
            try database.recordRun(connectionID: connection.id, job: "ledger", problem: "\(error)", now: now)
            throw error
        }
        try store(data, connectionID: connection.id, in: database, now: now)
        try database.recordRun(connectionID: connection.id, job: "ledger", problem: nil, now: now)
        return data
    }
}
