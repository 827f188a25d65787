import Foundation
import KoppelCore
import KoppelStore
import Ledger
import OpenCart
import Testing
import TestSupport

/// A koppel store with one OpenCart connection booking into a ledger's sandbox, set up as a person
/// does it: the shop's settings as pushed, `koppel ledger connect` and `koppel ledger map` through
/// the provider registry; then the `koppel` command line run on it as its own process.
final class KoppelUnderTest {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/opencart")

    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("koppel-conformance-\(UUID().uuidString)")
    let database: KoppelDatabase
    let connection: Connection
    var databasePath: String { folder.appendingPathComponent("koppel.sqlite").path }
    var masterKeyPath: String { folder.appendingPathComponent("master.key").path }
    /// Where a ledger delivered by file keeps its files: `outbox/` beside the database (`LedgerFactory`).
    var outbox: URL { folder.appendingPathComponent("outbox") }
    /// Whole days the `koppel` processes run ahead of the real clock, through libfaketime (a deferred
    /// ledger's day closes the day after); 0 runs them on the real clock.
    var daysAhead = 0
    var environment: [String: String] {
        var variables = ["KOPPEL_DATABASE": databasePath, "KOPPEL_MASTER_KEY": masterKeyPath, "KOPPEL_REPORTS": folder.appendingPathComponent("reports").path]
        if daysAhead > 0 {
            variables["FAKETIME"] = "+\(daysAhead)d"
            variables["LD_PRELOAD"] = Self.faketimeLibrary
        }
        return ProcessInfo.processInfo.environment.merging(variables) { _, new in new }
    }

    /// The faketime package's library (Debian's path).
    static let faketimeLibrary = "/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1"

    /// `koppel ARGUMENTS` as a process, days ahead where asked: through `sh -c 'exec …'`, because a
    /// process libfaketime is first loaded into sets `FAKETIME_SHARED` in its own environment, which
    /// leaves Swift's `CommandLine.arguments` empty there (seen with libfaketime 0.9.10); the shell
    /// takes that and `exec` keeps its pid, so a SIGKILL still reaches `koppel` itself.
    func process(_ arguments: [String]) -> Process {
        let process = Process()
        let koppel = TestBinaries.url(of: "koppel")
        if daysAhead > 0 {
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["-c", #"exec "$0" "$@""#, koppel.path] + arguments
        } else {
            process.executableURL = koppel
            process.arguments = arguments
        }
        process.environment = environment
        return process
    }

    /// Removes the semaphore and shared memory libfaketime made for the ended process `pid` (named
    /// by it); a killed process cannot remove them itself.
    static func removeFaketimeSegments(of pid: Int32) throws {
        for name in ["faketime_shm_\(pid)", "sem.faketime_sem_\(pid)"] {
            let path = "/dev/shm/\(name)"
            if FileManager.default.fileExists(atPath: path) { try FileManager.default.removeItem(atPath: path) }
        }
    }

    /// Booked statuses 2, 3, 5 (Processing, Shipped, Complete in the fixtures' shop); 7 (Canceled) cancels.
    init(_ ledger: LedgerUnderTest, sandbox: SandboxProcess) throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        database = try KoppelDatabase(path: folder.appendingPathComponent("koppel.sqlite").path)
        let added = try database.addConnection(name: "Conformance shop", shop: .opencart, ledger: ledger.provider.kind, now: 1)
        let sealer = SecretSealer(masterKey: try MasterKey.forSealing(at: folder.appendingPathComponent("master.key").path, in: database))
        // `koppel sync` passes by a connection the shop cannot push to yet.
        _ = try database.setAPIKey("Shop!Key#For(Tests)=1", license: added.licenseKey, sealer: sealer, now: 1)
        let settings = try JSONDecoder().decode(SettingsRows.self, from: Data(contentsOf: Self.fixtures.appendingPathComponent("opencart3-settings.json")))
        _ = try database.storeSettings(
            canonicalJSON: try settings.shopSettings().canonicalJSON(), connectionID: added.id, signature: Self.signature(), now: 1)
        connection = added

        let connect = try run(["ledger", "connect", added.licenseKey, "--base-url", sandbox.baseURL] + ledger.connectArguments, input: ledger.accessToken + "\n")
        #expect(connect.status == 0, "\(ledger.name): \(connect.errors)")
        let map = try run(["ledger", "map", added.licenseKey, "--statuses", "2,3,5"])
        #expect(map.status == 0, "\(ledger.name): \(map.errors)")
        try database.updateBookingConfiguration(connectionID: added.id, now: 2) { $0.cancelStatusIDs = [7] }
    }

    deinit {
        do {
            try FileManager.default.removeItem(at: folder)
        } catch {
            Issue.record("cleanup of \(folder.path): \(error)")
        }
    }

    static func signature() -> AcceptedSignature {
        AcceptedSignature(bytes: Data(UUID().uuidString.utf8), expiresAt: 9)
    }

    /// OpenCart 3 order `number` of the fixtures as the shop pushes it.
    static func order(_ number: Int) throws -> PushedOrder {
        try JSONDecoder().decode(OrderRows.self, from: Data(contentsOf: fixtures.appendingPathComponent("opencart3-order-\(number).json")))
            .pushedOrder()
    }

    /// Stores `orders` as pushes deliver them.
    func store(_ orders: [PushedOrder]) throws {
        for start in stride(from: 0, to: orders.count, by: 250) {
            let batch = try orders[start..<min(start + 250, orders.count)].map { try $0.incoming() }
            _ = try database.storeOrders(batch, connectionID: connection.id, signature: Self.signature(), now: 1)
        }
    }

    func reference(_ order: PushedOrder) -> String {
        connection.bookingReference.reference(orderID: order.orderID, storeID: order.storeID)
    }

    /// Shop order references per state.
    func orderReferences(in state: OrderState) throws -> Set<String> {
        Set(try database.orders(license: connection.licenseKey, state: state, limit: 1_000_000).map(\.orderReference))
    }

    /// `koppel sync` started, its output dropped, for killing (then `ended(_:)`).
    func startSync() throws -> Process {
        let process = process(["sync"])
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    struct Run {
        var status: Int32
        var output: String
        var errors: String
    }

    /// What is left of a `koppel` process that ended or was killed.
    func ended(_ process: Process) throws {
        if daysAhead > 0 { try Self.removeFaketimeSegments(of: process.processIdentifier) }
    }

    /// `koppel ARGUMENTS` to its end, `input` on its standard input.
    func run(_ arguments: [String], input: String = "") throws -> Run {
        let process = process(arguments)
        let stdin = Pipe()
        let stdout = Pipe()
        // Errors into a file: two pipes read one after the other could stop the process on the second.
        let errorsFile = folder.appendingPathComponent("koppel-\(UUID().uuidString).err")
        FileManager.default.createFile(atPath: errorsFile.path, contents: nil)
        let stderr = try FileHandle(forWritingTo: errorsFile)
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        try stderr.close()
        try stdin.fileHandleForWriting.write(contentsOf: Data(input.utf8))
        try stdin.fileHandleForWriting.close()
        let output = stdout.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        try ended(process)
        let errors = try Data(contentsOf: errorsFile)
        try FileManager.default.removeItem(at: errorsFile)
        return Run(
            status: process.terminationStatus, output: String(decoding: output, as: UTF8.self),
            errors: String(decoding: errors, as: UTF8.self))
    }
}
