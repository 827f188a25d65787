import ArgumentParser
import Booking
import Foundation
import KoppelCore
import KoppelStore
import Logging

/// `koppel fetch` (hourly, and before each booking pass of `koppel sync` for the shops koppel reads):
/// new and changed orders of every fetched shop stored, each connection on its own.
struct FetchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fetch", abstract: "Read new and changed orders from the shops koppel fetches from (Mijnwebwinkel).")

    @OptionGroup var store: StoreOptions
    @Option(help: "Only this connection (license key).") var connection: String?

    func run() throws {
        let database = try store.open()
        let runs = try FetchPass.run(FetchPass.job(database: database, store: store), database, license: connection)
        for run in runs { print(run.line) }
        let failed = runs.filter { $0.error != nil }.count
        print("fetch: \(runs.count) connections, \(failed) failed; stored \(runs.compactMap(\.report).map(\.stored).reduce(0, +)) new or changed orders")
        if failed > 0 { throw ExitCode.failure }
    }
}

/// How one connection's fetch went.
struct ConnectionFetch {
    var connectionID: Int64
    var label: String
    var report: FetchJob.Report?
    var error: String?

    var line: String { "\(label): " + (report.map { "\($0)" } ?? "fetch failed: \(error ?? "?")") }
}

enum FetchPass {
    static func job(database: KoppelDatabase, store: StoreOptions) throws -> FetchJob {
        var logger = Logger(label: "koppel")
        logger.logLevel = .warning
        return FetchJob(database: database, sealer: SecretSealer(masterKey: try MasterKey.load(from: store.masterKeyPath)), logger: logger, clock: unixNow)
    }

    /// Fetches every fetched shop's connection (or the one named); a failure is recorded in
    /// `connection_run` (job `fetch`, shown by `koppel connection list`) and the others go on. A
    /// fetch that went well records itself with its cursor.
    static func run(_ job: FetchJob, _ database: KoppelDatabase, license: String?, readOpenAgain: Bool = false) throws -> [ConnectionFetch] {
        var runs: [ConnectionFetch] = []
        for read in try chosenConnections(license, in: database) {
            // A row that cannot be read is the booking pass's to report.
            guard case .success(let connection) = read, FetchJob.fetches(connection) else { continue }
            let label = "\(connection.name) (\(connection.licenseKey))"
            do {
                runs.append(ConnectionFetch(connectionID: connection.id, label: label, report: try job.run(connection, readOpenAgain: readOpenAgain)))
            } catch {
                let run = ConnectionFetch(connectionID: connection.id, label: label, error: "\(error)")
                printError(run.line)
                try database.recordRun(connectionID: connection.id, job: FetchJob.job, problem: run.error, now: unixNow())
                runs.append(run)
            }
        }
        return runs
    }
}
