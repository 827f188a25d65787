import Testing

/// Exactly once under SIGKILL, and `commit_then_drop` at every step, through `koppel sync`: the
/// process is killed between an intent and its call, after the call and before its record, and at
/// every step, then run again; the ledger holds each order exactly once.
///
/// TO BUILD: this needs `koppel sync` booking into every ledger through the provider registry
/// (LedgerProviders, issue "Ledgers as providers", item 1), which has just arrived. Until it is
/// written Moneybird's case is covered by Tests/LedgerTests/CrashTests.swift and StepFaultTests.swift,
/// Minox's by Tests/IntegrationTests/MinoxCrashTests.swift (SIGKILL while 5% of answers are lost)
/// and MinoxThroughNginxTests.swift (commit_then_drop of every PUT). The
/// test goes here, parameterized over `LedgerUnderTest.all` like the rest of the suite, each
/// description gaining the connection it needs in a koppel store (provider, credentials, settings).
@Suite struct ExactlyOnceConformanceTests {
    @Test(.disabled("not written yet: `koppel sync` killed at every step, for every ledger"), arguments: LedgerUnderTest.all)
    func everyOrderIsBookedExactlyOnceWhenSyncIsKilledAtEveryStep(ledger: LedgerUnderTest) throws {
        Issue.record("\(ledger.name): not built yet")
    }
}
