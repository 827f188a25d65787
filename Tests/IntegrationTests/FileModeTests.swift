import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Orders, customers and reports on disk are for koppel's user and group only, whatever the
/// umask the programs are started with (here 022, a login shell's).
@Suite(.serialized)
struct FileModeTests {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("koppel-modes-\(UUID().uuidString)")
    var databasePath: String { folder.appendingPathComponent("data/koppel.sqlite").path }
    var keyFolder: String { folder.appendingPathComponent("keys").path }

    func koppel(_ arguments: [String], input: String? = nil) throws -> ProgramRun {
        let environment = ["KOPPEL_DATABASE": databasePath, "KOPPEL_MASTER_KEY": keyFolder + "/master.key"]
        return try runProgram("koppel", arguments, input: input, environment: environment, umask: "022")
    }

    func mode(_ path: String) throws -> Int {
        try #require(try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int)
    }

    @Test func theCommandKeepsItsFilesFromOthers() throws {
        defer { #expect(throws: Never.self) { try FileManager.default.removeItem(at: folder) } }
        let sandbox = try LedgerSandbox()
        let added = try koppel(["connection", "add", "--name", "Bakkerij de Vries", "--shop", "opencart", "--ledger", "moneybird"])
        #expect(added.status == 0, "\(added.errors)")
        let license = added.output.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(try String(mode(databasePath), radix: 8) == "640")
        #expect(try String(mode(folder.appendingPathComponent("data").path), radix: 8) == "750")

        #expect(try koppel(["connection", "set-api-key", license], input: "Bakker!j#DeVries(2026)\n").status == 0)
        #expect(try String(mode(keyFolder), radix: 8) == "750")
        #expect(try String(mode(keyFolder + "/master.key"), radix: 8) == "600")

        let connected = try koppel(
            ["ledger", "connect", license, "--base-url", sandbox.baseURL, "--administration", LedgerSandbox.administration],
            input: LedgerSandbox.token + "\n")
        #expect(connected.status == 0, "\(connected.errors)")
        let reports = folder.appendingPathComponent("reports").path
        let reconciled = try koppel(["reconcile", "--no-mail", "--reports", reports])
        #expect(reconciled.status == 0, "\(reconciled.errors)")
        #expect(try String(mode(reports), radix: 8) == "750")
        let written = try FileManager.default.contentsOfDirectory(atPath: reports)
        #expect(written.count == 2, "\(written)")
        for name in written { #expect(try String(mode(reports + "/" + name), radix: 8) == "640", "\(name)") }

        // A database and reports folder left open to others by an earlier koppel are closed when next used.
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: databasePath)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: reports)
        #expect(try koppel(["reconcile", "--no-mail", "--reports", reports]).status == 0)
        #expect(try String(mode(databasePath), radix: 8) == "640")
        #expect(try String(mode(reports), radix: 8) == "750")
    }

    @Test func koppelFCGIKeepsItsDatabaseFromOthers() throws {
        defer { #expect(throws: Never.self) { try FileManager.default.removeItem(at: folder) } }
        let fcgi = Process()
        fcgi.executableURL = URL(fileURLWithPath: "/bin/sh")
        fcgi.arguments = [
            "-c", "umask 022 && exec \"$0\" \"$@\"", Stack.binaries.appendingPathComponent("koppel-fcgi").path,
            "--listen", "127.0.0.1:\(try freePort())", "--database", databasePath, "--master-key", keyFolder + "/master.key",
        ]
        fcgi.standardError = FileHandle.nullDevice
        try fcgi.run()
        defer {
            fcgi.terminate()
            fcgi.waitUntilExit()
        }
        // The write-ahead log and its index exist while the server holds the database open.
        for _ in 0..<400 where !FileManager.default.fileExists(atPath: databasePath + "-shm") { usleep(50_000) }
        for path in [databasePath, databasePath + "-wal", databasePath + "-shm"] {
            #expect(try String(mode(path), radix: 8) == "640", "\(path)")
        }
    }

    /// nginx reaches the programs through their sockets, given to nginx's group; the database
    /// keeps the process's own group, so nginx's user cannot read it.
    @Test(arguments: ["koppel-fcgi", "koppel-web"])
    func theSocketGoesToNginxsGroupAndTheDataDoesNot(program: String) throws {
        defer { #expect(throws: Never.self) { try FileManager.default.removeItem(at: folder) } }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let socket = folder.appendingPathComponent("\(program).sock").path
        let nginxGroup = try #require(getgrnam("nogroup")?.pointee.gr_gid, "Debian has the group nogroup")
        #expect(nginxGroup != getegid())
        let server = Process()
        server.executableURL = Stack.binaries.appendingPathComponent(program)
        server.arguments = [
            "--listen", socket, "--socket-group", "nogroup", "--database", databasePath, "--master-key", keyFolder + "/master.key",
        ]
        server.standardError = FileHandle.nullDevice
        try server.run()
        defer {
            server.terminate()
            server.waitUntilExit()
        }
        func group(_ path: String) -> gid_t? {
            var info = stat()
            return stat(path, &info) == 0 ? info.st_gid : nil
        }
        // The socket is bound first and handed over at once; 20 s is a generous margin.
        for _ in 0..<400 where group(socket) != nginxGroup { usleep(50_000) }
        #expect(group(socket) == nginxGroup, "\(program) did not give its socket to nginx's group")
        #expect(try String(mode(socket), radix: 8).hasSuffix("660"))
        #expect(group(databasePath) == getegid(), "the database must keep koppel's own group")

        let unknown = try runProgram(program, ["--listen", socket + "2", "--socket-group", "no-such-group-here", "--database", databasePath])
        #expect(unknown.status != 0)
        #expect(unknown.errors.contains("no group named no-such-group-here"), "\(unknown.errors)")
    }
}
