import Foundation
import Testing
import TestSupport

/// The koppel-sandbox binary (Moneybird) on a free loopback port, for commands that talk to a
/// ledger; stopped and removed on release.
final class LedgerSandbox {
    static let administration = "318440553870706657"
    static let token = "cli-test-ledger-token"

    let process = Process()
    let folder: URL
    let port: Int
    var baseURL: String { "http://127.0.0.1:\(port)" }

    /// - Parameter extra: more arguments, e.g. `--administration ID=NAME` for a second administration.
    init(arguments extra: [String] = []) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("koppel-cli-sandbox-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        process.executableURL = Stack.binaries.appendingPathComponent("koppel-sandbox")
        process.arguments = [
            "--port", "0", "--database", folder.appendingPathComponent("sandbox.sqlite").path, "--api-token", Self.token,
            "--administration", Self.administration,
        ] + extra
        process.standardError = FileHandle.nullDevice
        port = try ListeningPort.start(process)
    }

    deinit {
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
        #expect(throws: Never.self) { try FileManager.default.removeItem(at: folder) }
    }
}
