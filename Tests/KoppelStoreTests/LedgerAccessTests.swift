import Dispatch
import Foundation
import KoppelCore
import KoppelStore
import Testing

/// The ledger credentials and the adapter's settings are written apart: a token refresh and a
/// settings edit at the same time both stay.
struct LedgerAccessTests {
    let store: TemporaryStore
    let sealer: SecretSealer
    let connection: Connection

    init() throws {
        store = try TemporaryStore()
        sealer = SecretSealer(masterKey: try MasterKey.forSealing(at: store.masterKeyPath, in: store.database))
        connection = try store.database.addConnection(name: "Shop", shop: .opencart, ledger: .moneybird, now: 1)
        try store.database.setLedgerAccess(
            connection: connection, baseURL: "http://127.0.0.1:9100", administrationID: "318440553870706657",
            tokensJSON: Data(#"{"accessToken":"old"}"#.utf8), settingsJSON: #"{"deliveryMethod":"Manual"}"#, sealer: sealer, now: 1)
    }

    /// The same file opened again, as another koppel process opens it.
    func otherProcess() throws -> KoppelDatabase {
        try KoppelDatabase(path: store.database.path)
    }

    func tokens(_ database: KoppelDatabase) throws -> String {
        let access = try #require(try database.ledgerAccess(connectionID: connection.id))
        return try sealer.open(access.sealedTokens, context: KoppelDatabase.ledgerTokensContext(license: connection.licenseKey))
    }

    @Test func aRefreshDuringASettingsEditLosesNeither() throws {
        let config = store.database
        let refresh = try otherProcess()
        // `koppel config moneybird` has read the settings when the refresh stores new tokens.
        let read = try #require(try config.ledgerAccess(connectionID: connection.id)?.settingsJSON)
        #expect(try refresh.updateLedgerTokens(connection: connection, tokensJSON: Data(#"{"accessToken":"new"}"#.utf8), sealer: sealer, now: 2))
        try config.setLedgerSettings(connectionID: connection.id, settingsJSON: read.replacingOccurrences(of: "Manual", with: "Email"), now: 3)

        #expect(try tokens(config) == #"{"accessToken":"new"}"#)
        #expect(try config.ledgerAccess(connectionID: connection.id)?.settingsJSON == #"{"deliveryMethod":"Email"}"#)
    }

    @Test func aSettingsEditDuringARefreshLosesNeither() throws {
        let refresh = store.database
        let config = try otherProcess()
        // The refresh has read the old tokens and asks the ledger for new ones while the
        // settings are edited.
        #expect(try tokens(refresh) == #"{"accessToken":"old"}"#)
        try config.updateLedgerSettings(connectionID: connection.id, now: 2) { json in
            json = json?.replacingOccurrences(of: "Manual", with: "Email")
        }
        #expect(try refresh.updateLedgerTokens(connection: connection, tokensJSON: Data(#"{"accessToken":"new"}"#.utf8), sealer: sealer, now: 3))

        let access = try #require(try config.ledgerAccess(connectionID: connection.id))
        #expect(access.settingsJSON == #"{"deliveryMethod":"Email"}"#)
        #expect(access.baseURL == "http://127.0.0.1:9100")
        #expect(access.administrationID == "318440553870706657")
        #expect(try tokens(config) == #"{"accessToken":"new"}"#)
    }

    @Test func settingsEditsAtOnceAllCount() throws {
        try store.database.setLedgerSettings(connectionID: connection.id, settingsJSON: #"{"edits":0}"#, now: 1)
        let databases = [store.database, try otherProcess(), try otherProcess()]
        let connectionID = connection.id
        let failures = Failures()
        DispatchQueue.concurrentPerform(iterations: databases.count) { index in
            for _ in 0..<20 {
                do {
                    try databases[index].updateLedgerSettings(connectionID: connectionID, now: 2) { json in
                        let edits = try JSONDecoder().decode([String: Int].self, from: Data((json ?? "").utf8))["edits"] ?? -1000
                        // Between reading and writing, as a person between two commands: the others must wait.
                        Thread.sleep(forTimeInterval: 0.002)
                        json = #"{"edits":\#(edits + 1)}"#
                    }
                } catch {
                    failures.add(error)
                }
            }
        }
        #expect(failures.all.isEmpty, "\(failures.all)")
        #expect(try store.database.ledgerAccess(connectionID: connection.id)?.settingsJSON == #"{"edits":60}"#)
    }

    @Test func credentialsLeaveTheSettingsAlone() throws {
        try store.database.setLedgerCredentials(
            connection: connection, baseURL: "https://moneybird.com", administrationID: "1", tokensJSON: Data(#"{"accessToken":"x"}"#.utf8),
            sealer: sealer, now: 2)
        let access = try #require(try store.database.ledgerAccess(connectionID: connection.id))
        #expect(access.baseURL == "https://moneybird.com")
        #expect(access.settingsJSON == #"{"deliveryMethod":"Manual"}"#)
        #expect(try tokens(store.database) == #"{"accessToken":"x"}"#)
    }

    @Test func aLedgerNotConnectedHasNoTokensToRefresh() throws {
        let other = try store.database.addConnection(name: "Other", shop: .opencart, ledger: .moneybird, now: 1)
        #expect(try !store.database.updateLedgerTokens(connection: other, tokensJSON: Data("{}".utf8), sealer: sealer, now: 2))
        #expect(try store.database.ledgerAccess(connectionID: other.id) == nil)
        // Credentials without settings: the adapter's defaults, told apart by nil.
        try store.database.setLedgerCredentials(
            connection: other, baseURL: "https://moneybird.com", administrationID: "2", tokensJSON: Data("{}".utf8), sealer: sealer, now: 2)
        #expect(try store.database.ledgerAccess(connectionID: other.id)?.settingsJSON == nil)
        // An edit that leaves nothing writes nothing.
        try store.database.updateLedgerSettings(connectionID: other.id, now: 3) { _ in }
        #expect(try store.database.ledgerAccess(connectionID: other.id)?.settingsJSON == nil)
    }
}

/// Errors collected from several threads.
final class Failures: @unchecked Sendable {
    private let lock = NSLock()
    private var errors: [String] = []

    func add(_ error: any Error) {
        lock.withLock { errors.append("\(error)") }
    }

    var all: [String] { lock.withLock { errors } }
}
