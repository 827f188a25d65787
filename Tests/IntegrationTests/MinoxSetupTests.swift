import Foundation
import GRDB
import KoppelCore
import KoppelHTTP
import KoppelStore
import Testing

/// What a Minox connection must choose before it books, and what moving it to another
/// administration forgets, through the command line against the Minox sandbox process.
@Suite(.serialized)
struct MinoxSetupTests {
    /// The booking states of the connection's orders as stored (phase and failures in a row).
    static func flows(_ stack: Stack) throws -> [BookingFlow] {
        try stack.database.pool.read { db in
            try String.fetchAll(db, sql: "SELECT flow FROM shop_order WHERE flow IS NOT NULL ORDER BY id")
        }.map { try JSONDecoder().decode(BookingFlow.self, from: Data($0.utf8)) }
    }

    static func puts(_ sandbox: MinoxSandboxProcess) throws -> Int {
        let stats = try JSONSerialization.jsonObject(
            with: try sandbox.call("GET", "\(sandbox.baseURL)/sandbox/stats", authorized: false).body) as? [String: Any]
        let endpoints = try #require(stats?["endpoints"] as? [String: Int])
        return endpoints["PUT /transaction_line_batch/{uuid}"] ?? 0
    }

    /// Two sales journals: `koppel ledger map` cannot choose, so the orders wait for a person.
    @Test func ordersWaitForTheJournalWithoutSpendingAttemptsAndAreBookedOnceItIsChosen() throws {
        let sandbox = try MinoxSandboxProcess(arguments: ["--minox-second-sales-journal"])
        let stack = try MinoxThroughNginxTests.connectedStack(sandbox)
        #expect(try runProgram("koppel", ["config", "show", stack.license], environment: stack.environment).output
            .contains("ledger setting journal (koppel config ledger"))

        for _ in 0..<3 {
            let sync = try runProgram("koppel", ["sync"], environment: stack.environment)
            #expect(sync.status == 0, "\(sync.output) \(sync.errors)")
            #expect(sync.output.contains("booked 0"), "\(sync.output)")
        }
        // Orders 1 and 3, and order 2 (in pounds, an error of its own once the journal is chosen).
        let flows = try Self.flows(stack)
        let held = flows.filter { if case .error = $0.phase { true } else { false } }
        #expect(held.count == 3, "\(flows)")
        for flow in held {
            guard case .error(let problem) = flow.phase else { continue }
            #expect(problem.code == .ledgerNotSetUp)
            #expect(problem.message == "No Minox sales journal is chosen.")
            #expect(flow.failures == 0, "waiting for a choice spends no attempt")
            #expect(flow.trail.inDoubt == nil && flow.trail.documentID == nil)
        }
        #expect(try Self.puts(sandbox) == 0, "nothing was sent to Minox")
        let listed = try runProgram(
            "koppel", ["orders", "list", "--connection", stack.license, "--state", "error"], environment: stack.environment)
        #expect(listed.output.components(separatedBy: "\n\n")[0].split(separator: "\n").count == 1 + 3, "\(listed.output)")
        // Held for a person's choice: none of them waits to be booked.
        #expect(listed.output.hasSuffix("): no orders wait to be booked\n"), "\(listed.output)")

        // Chosen: the next run books them, with no reprocess.
        let chosen = try runProgram("koppel", ["config", "ledger", stack.license, "journal=VK2"], environment: stack.environment)
        #expect(chosen.status == 0, "\(chosen.errors)")
        let sync = try runProgram("koppel", ["sync"], environment: stack.environment)
        #expect(sync.status == 0, "\(sync.output) \(sync.errors)")
        #expect(sync.output.contains("booked 2, open 0, errors 1"), "\(sync.output)")
        #expect(try Self.puts(sandbox) == MinoxThroughNginxTests.booked.count)
        let lines = try sandbox.call("GET", "\(sandbox.api)/year/\(try MinoxThroughNginxTests.year())/transaction_lines")
        let list = try #require(try JSONSerialization.jsonObject(with: lines.body) as? [String: Any])
        let journals = try #require(list["collection"] as? [[String: Any]]).map { ($0["journal"] as? [String: Any])?["id"] as? String }
        #expect(!journals.isEmpty && journals.allSatisfy { $0 == "VK2" }, "\(journals)")
    }

    /// The journal, the reference data copy and the VAT mapping belong to one administration.
    @Test func anotherAdministrationForgetsTheJournalAndTheMappingTheSameKeepsThem() throws {
        let sandbox = try MinoxSandboxProcess()
        let stack = try MinoxThroughNginxTests.connectedStack(sandbox)
        let connection = try #require(try stack.database.connection(license: stack.license))
        func connect(administration: String) throws {
            let connected = try runProgram(
                "koppel",
                ["ledger", "connect", stack.license, "--base-url", sandbox.baseURL, "--tenant", MinoxSandboxProcess.tenant,
                 "--administration", administration],
                input: MinoxSandboxProcess.token + "\n", environment: stack.environment)
            #expect(connected.status == 0, "\(connected.errors)")
        }
        func shown() throws -> String {
            try runProgram("koppel", ["config", "show", stack.license], environment: stack.environment).output
        }
        #expect(try shown().contains(#""journalID":"VK""#))
        #expect(try stack.database.ledgerReference(connectionID: connection.id) != nil)
        let mapping = try stack.database.bookingConfiguration(connectionID: connection.id).vatMapping
        #expect(mapping != nil)

        try connect(administration: MinoxSandboxProcess.administration)
        let same = try shown()
        #expect(same.contains(#""journalID":"VK""#), "\(same)")
        #expect(try stack.database.ledgerReference(connectionID: connection.id) != nil)
        #expect(try stack.database.bookingConfiguration(connectionID: connection.id).vatMapping == mapping)

        try connect(administration: "2")
        let moved = try shown()
        #expect(moved.contains("administration \(MinoxSandboxProcess.tenant)/2"), "\(moved)")
        #expect(!moved.contains("journalID") && moved.contains("ledger setting journal (koppel config ledger"), "\(moved)")
        #expect(try stack.database.ledgerReference(connectionID: connection.id) == nil)
        let configuration = try stack.database.bookingConfiguration(connectionID: connection.id)
        #expect(configuration.vatMapping == nil)
        #expect(configuration.bookedStatusIDs == [2, 3, 5], "the shop's choices stay")
    }
}
