import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// The group a listening socket is handed to, so that nginx may connect while every file koppel
/// writes keeps koppel's own group. (Running the programs with nginx's group instead would let
/// nginx's user read the database: it is 0640 to the process's group.) The process must be a
/// member of the group (`SupplementaryGroups=` in the units) or root.
public struct SocketGroup: Sendable {
    public let name: String
    public let id: gid_t

    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    public init(named name: String) throws {
        guard let entry = getgrnam(name) else { throw Failure(description: "no group named \(name) on this machine") }
        self.name = name
        self.id = entry.pointee.gr_gid
    }

    /// Gives the socket at `path` to this group, its owner unchanged.
    public func own(socketAt path: String) throws {
        guard chown(path, uid_t.max, id) == 0 else {
            throw Failure(description: "cannot give \(path) to group \(name): \(String(cString: strerror(errno)))")
        }
    }
}
