import Foundation
import KoppelCore
import KoppelStore
import NIOConcurrencyHelpers

/// Checks the three authentication headers of a request (docs/protocol.md, Authentication).
/// Every failure of the caller is the same 401; the reason goes to the log only. A stored API key
/// that the master key does not open is no failure of the caller but the operator's:
/// `MasterKeyUnavailable`.
public final class RequestAuthenticator: Sendable {
    public struct Authenticated: Sendable {
        public var connection: Connection
        public var signature: AcceptedSignature
    }

    public enum Failure: String, Error {
        case missingHeaders = "missing or malformed authentication headers"
        case unknownLicense = "unknown license key"
        case noAPIKey = "the connection has no API key yet"
        case staleTimestamp = "timestamp outside the allowed window"
        case badSignature = "signature does not match"
    }

    /// The connection's API key cannot be opened: the master key file is missing, unreadable or
    /// not the key it was sealed with. Nothing the caller can mend; retried once the key is back.
    public struct MasterKeyUnavailable: Error, CustomStringConvertible {
        public let reason: SecretError

        public var description: String { reason.description }
    }

    private let database: KoppelDatabase
    private let masterKeyPath: String
    private let window: TimestampWindow
    // The two caches below are read by every FastCGI thread on every request. Their locks are
    // pthread mutexes (NIOLock), not the standard library's Mutex: on Linux that one is a
    // priority-inheritance futex that hands the lock to a sleeping waiter in turn, and with 64
    // threads on two cores the handovers made a refused push cost about twice its work
    // (docs/benchmarks.md, "Where a push's time goes"; swiftlang/swift issue 88440).

    /// Opened API keys by license, with the sealed form they came from: a key changed by
    /// `koppel connection set-api-key` has another sealed form and is opened again.
    private let openedKeys = NIOLockedValueBox<[String: (sealed: Data, key: String)]>([:])
    /// Connections by license, read from the database at most every `connectionLifetime` seconds:
    /// a read transaction per request costs more than the rest of the authentication.
    private let recentConnections = NIOLockedValueBox<[String: (connection: Connection?, readAt: Int64)]>([:])
    static let connectionLifetime: Int64 = 5

    public init(database: KoppelDatabase, masterKeyPath: String, window: TimestampWindow = TimestampWindow()) {
        self.database = database
        self.masterKeyPath = masterKeyPath
        self.window = window
    }

    public func authenticate(_ request: APIRequest, now: Int64) throws -> Authenticated {
        guard let license = request.license, let timestampText = request.timestamp,
            let signature = request.signature, signature.hasPrefix(RequestSignature.headerPrefix),
            signature.utf8.count == 67
        else { throw Failure.missingHeaders }

        let connection = try recentConnection(license: license, now: now)
        let apiKey: String?
        if let connection, let sealed = connection.sealedAPIKey {
            apiKey = try openedKey(connection, sealed: sealed)
        } else {
            apiKey = nil
        }
        // Check a signature even when there is no key to check it with, so that an unknown
        // license takes as long to refuse as a wrong signature.
        let signatureMatches = RequestSignature.isValid(
            header: signature, apiKey: apiKey ?? "koppel-no-such-connection-key",
            timestamp: timestampText, method: request.method, path: request.uri, body: request.body)

        guard let connection else { throw Failure.unknownLicense }
        guard apiKey != nil else { throw Failure.noAPIKey }
        guard let timestamp = window.acceptedSeconds(timestampText, now: now) else { throw Failure.staleTimestamp }
        guard signatureMatches else { throw Failure.badSignature }

        let signatureBytes = Data(signature.utf8.dropFirst(RequestSignature.headerPrefix.utf8.count))
        return Authenticated(
            connection: connection,
            signature: AcceptedSignature(bytes: signatureBytes, expiresAt: timestamp + window.tolerance + 1))
    }

    private func recentConnection(license: String, now: Int64) throws -> Connection? {
        if let recent = recentConnections.withLockedValue({ $0[license] }), now - recent.readAt < Self.connectionLifetime {
            return recent.connection
        }
        let connection = try database.connection(license: license)
        recentConnections.withLockedValue { recent in
            // Unknown licenses are remembered too, so that guessing costs no database reads; the
            // memory stays bounded however many are tried.
            if recent.count >= 10_000 { recent.removeAll() }
            recent[license] = (connection, now)
        }
        return connection
    }

    private func openedKey(_ connection: Connection, sealed: Data) throws -> String {
        let license = connection.licenseKey
        if let cached = openedKeys.withLockedValue({ $0[license] }), cached.sealed == sealed { return cached.key }
        do {
            // The key file is read each time a key is opened (once a connection, not once a
            // request), and a failure is not kept: a key file restored counts from the next
            // request on, without a restart.
            let sealer = SecretSealer(masterKey: try MasterKey.load(from: masterKeyPath))
            let key = try sealer.open(.apiKey(sealed, of: connection))
            openedKeys.withLockedValue { $0[license] = (sealed, key) }
            return key
        } catch {
            throw MasterKeyUnavailable(reason: error)
        }
    }
}
