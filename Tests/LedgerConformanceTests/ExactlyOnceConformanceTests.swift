import Testing

/// Exactly once under SIGKILL, and `commit_then_drop` at every step, through `koppel sync`: the
/// process is killed between an intent and its call, after the call and before its record, and at
/// every step, then run again; the ledger holds each order exactly once.
///
/// TO BUILD: this needs `koppel sync` to book into every ledger through the provider registry
/// (LedgerProviders, issue "Ledgers as providers", item 1). Until then Moneybird's case is covered by
/// Tests/LedgerTests/CrashTests.swift and StepFaultTests.swift. The test goes here, parameterized over
/// `LedgerUnderTest.all` like the rest of the suite, each description gaining the connection it
/// needs in a koppel store.
@Suite struct ExactlyOnceConformanceTests {
    @Test(.disabled("needs `koppel sync` for every ledger (the provider registry)"), arguments: LedgerUnderTest.all)
    func everyOrderIsBookedExactlyOnceWhenSyncIsKilledAtEveryStep(ledger: LedgerUnderTest) throws {
        Issue.record("\(ledger.name): not built yet")
    }
}
