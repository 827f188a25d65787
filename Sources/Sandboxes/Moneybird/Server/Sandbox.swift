import Foundation

/// The state of one sandbox run: its database, rate limits, fault switches and counters.
final class Sandbox: Sendable {
    let configuration: SandboxConfiguration
    let store: SandboxStore
    let limiter: RateLimiter
    let faults: FaultSwitches
    let stats = RequestStats()

    init(configuration: SandboxConfiguration) throws {
        self.configuration = configuration
        store = try SandboxStore(path: configuration.databasePath)
        limiter = RateLimiter(limit: configuration.rateLimit, window: configuration.rateWindow)
        faults = FaultSwitches(configuration.faults)
        try store.write { tx in
            for administration in configuration.administrations {
                try MasterDataSeed.seedIfNeeded(tx, administration: administration, now: Date())
            }
        }
    }

    /// Empties contacts and invoices, restarts rate windows, counters and fault switches. Master data,
    /// administrations and issued tokens stay, so a test can reset between steps without signing in again.
    func reset() throws {
        try store.write { tx in
            try tx.deleteAllInvoices()
            try tx.deleteAll(kinds: [.contact])
        }
        limiter.reset()
        faults.reset()
        stats.reset()
    }

    /// An administration's master data, with this run's VAT rounding.
    func masterData(_ tx: StoreTransaction, administration: String) throws -> MasterData {
        try MasterData(tx, administration: administration, vatRounding: configuration.vatRounding)
    }

    func administration(_ id: String) throws(SandboxError) -> Administration {
        guard let administration = configuration.administrations.first(where: { $0.id == id }) else {
            throw .notFound("Administration not found", symbolic: [("administration_id", "not_found")])
        }
        return administration
    }
}

extension Sandbox {
    /// A read transaction whose `SandboxError`s pass through and whose other failures answer 500.
    func read<T>(_ body: (StoreTransaction) throws -> T) throws(SandboxError) -> T {
        do { return try store.read(body) } catch let error as SandboxError { throw error } catch {
            throw .internalServerError()
        }
    }

    /// A write transaction, rolled back when `body` throws.
    func write<T>(_ body: (StoreTransaction) throws -> T) throws(SandboxError) -> T {
        do { return try store.write(body) } catch let error as SandboxError { throw error } catch {
            throw .internalServerError()
        }
    }
}
