import ArgumentParser
import Foundation
import KoppelServer
import KoppelStore
import Logging

/// The push endpoint: a FastCGI server nginx forwards `/api/` to.
struct KoppelFastCGI: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "koppel-fcgi", abstract: "Serve koppel's push API over FastCGI (behind nginx).")

    /// A unix socket by default, never a port: each connection holds one of the threads until it
    /// closes, so only nginx should be able to connect, and a port on loopback is open to every
    /// process on the host.
    static var defaultSocketPath: String {
        ProcessInfo.processInfo.environment["KOPPEL_FCGI_SOCKET"] ?? "/run/koppel/fcgi.sock"
    }

    @Option(help: "Address to listen on: a unix socket path ($KOPPEL_FCGI_SOCKET if set), or HOST:PORT.")
    var listen = KoppelFastCGI.defaultSocketPath

    @Option(help: "Mode of the unix socket, octal: 660 lets the socket's group (nginx's) connect.")
    var socketMode = "660"

    @Option(help: "Group the unix socket is given to (nginx's, e.g. www-data); koppel's files keep the process's own group.")
    var socketGroup: String?

    @Option(help: "Worker threads, each handling one request at a time. nginx's kept idle connections each hold one: use more than its worker_processes × keepalive.")
    var threads = 64

    @Option(help: "SQLite database file.")
    var database = StoreLocation.defaultDatabasePath

    @Option(help: "Master key file that opens the stored API keys.")
    var masterKey = StoreLocation.defaultMasterKeyPath

    @Option(help: "Largest request body accepted, in bytes.")
    var bodyLimit = PushAPI.defaultBodyLimit

    @Option(help: "Log level: trace, debug, info, notice, warning, error.")
    var logLevel: String = "info"

    func run() throws {
        var logger = Logger(label: "koppel-fcgi")
        logger.logLevel = Logger.Level(rawValue: logLevel) ?? .info
        let group = try socketGroup.map(SocketGroup.init(named:))
        let store = try KoppelDatabase(path: database)
        let api = PushAPI(database: store, masterKeyPath: masterKey, bodyLimit: bodyLimit, logger: logger)
        let address = try address()
        let server = try FastCGIServer(address: address, threads: threads, api: api, logger: logger)
        if let group, case .unix(let path, _) = address { try group.own(socketAt: path) }
        server.run()
    }

    func address() throws -> FastCGIServer.Address {
        if listen.hasPrefix("/") {
            guard let mode = mode_t(socketMode, radix: 8) else { throw ValidationError("--socket-mode must be octal") }
            return .unix(path: listen, mode: mode)
        }
        guard let colon = listen.lastIndex(of: ":"), let port = Int(listen[listen.index(after: colon)...]) else {
            throw ValidationError("--listen must be HOST:PORT or an absolute socket path")
        }
        return .tcp(host: String(listen[..<colon]), port: port)
    }
}

// Before any file is made: the database and its -wal and -shm are for koppel's user and group.
FileModes.restrictProcess()
KoppelFastCGI.main()
