import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// koppel-fcgi started with no address listens on its unix socket and opens no TCP port: an idle
/// connection to koppel-fcgi holds one of its threads, and a port on loopback is open to every
/// process on the host.
@Suite
struct FastCGIDefaultsTests {
    /// The socket inodes a process holds, from the links in /proc/PID/fd.
    static func socketInodes(of pid: Int32) throws -> Set<String> {
        let folder = "/proc/\(pid)/fd"
        var inodes = Set<String>()
        for entry in try FileManager.default.contentsOfDirectory(atPath: folder) {
            var buffer = [CChar](repeating: 0, count: 256)
            let length = readlink(folder + "/" + entry, &buffer, buffer.count - 1)
            // A descriptor closed since the listing has no link any more.
            if length < 0, errno == ENOENT { continue }
            guard length >= 0 else { throw StackError(description: "readlink \(folder)/\(entry): errno \(errno)") }
            let target = String(decoding: buffer[0..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
            if target.hasPrefix("socket:[") { inodes.insert(String(target.dropFirst(8).dropLast())) }
        }
        return inodes
    }

    /// Inode → local address of the listening sockets in one of /proc/net's tables: tcp and
    /// tcp6 (column 2 the address, 4 the state, 0A = LISTEN, 10 the inode), unix (column 4 the
    /// flags, 00010000 = accepting connections, 7 the inode, 8 the path).
    static func listening(_ table: String) throws -> [String: String] {
        let text = try String(contentsOfFile: "/proc/net/" + table, encoding: .utf8)
        let (address, flag, listening, inode) = table == "unix" ? (7, 3, "00010000", 6) : (1, 3, "0A", 9)
        var sockets: [String: String] = [:]
        for line in text.split(separator: "\n").dropFirst() {
            let columns = line.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
            guard columns.count > address, columns[flag] == listening else { continue }
            sockets[columns[inode]] = columns[address]
        }
        return sockets
    }

    @Test func listensOnItsUnixSocketAndOpensNoPortByDefault() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("koppel-fcgi-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer {
            do { try FileManager.default.removeItem(at: folder) } catch { Issue.record("cleanup: \(error)") }
        }
        let socketPath = folder.appendingPathComponent("fcgi.sock").path

        let fcgi = Process()
        fcgi.executableURL = Stack.binaries.appendingPathComponent("koppel-fcgi")
        fcgi.arguments = []
        fcgi.environment = [
            "KOPPEL_FCGI_SOCKET": socketPath,
            "KOPPEL_DATABASE": folder.appendingPathComponent("koppel.sqlite").path,
            "KOPPEL_MASTER_KEY": folder.appendingPathComponent("master.key").path,
        ]
        fcgi.standardError = FileHandle(forWritingAtPath: "/dev/null")
        try fcgi.run()
        defer {
            fcgi.terminate()
            fcgi.waitUntilExit()
        }

        // Ready once it listens on something: up to a minute, as a loaded machine may take long to start it.
        var held = Set<String>()
        var tcp: [String: String] = [:]
        var unix: [String: String] = [:]
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline {
            held = try Self.socketInodes(of: fcgi.processIdentifier)
            tcp = try Self.listening("tcp").merging(try Self.listening("tcp6")) { first, _ in first }
            unix = try Self.listening("unix")
            if !held.isDisjoint(with: Set(tcp.keys).union(unix.keys)) { break }
            usleep(50_000)
        }
        #expect(fcgi.isRunning)
        #expect(held.isDisjoint(with: tcp.keys), "listens on TCP: \(held.compactMap { tcp[$0] })")
        #expect(held.compactMap { unix[$0] } == [socketPath])
    }
}
