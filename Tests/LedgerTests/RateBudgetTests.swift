import Dispatch
import Ledger
import Synchronization
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

struct RateBudgetTests {
    @Test func givesTheLimitPerWindowThenTheTimeToWait() {
        let budget = RateBudget(limit: 3, windowSeconds: 300)
        #expect((0..<3).map { _ in budget.take(now: 1000) } == [0, 0, 0])
        #expect(budget.take(now: 1001) == 1300)
        #expect(budget.take(now: 1300) == 0)
    }

    @Test func theLedgersHeadersWin() {
        let budget = RateBudget(limit: 150, windowSeconds: 300)
        #expect(budget.take(now: 0) == 0)
        budget.observe(remaining: 1, resetsAt: 120, now: 0)
        #expect(budget.take(now: 1) == 0)
        #expect(budget.take(now: 2) == 120)
        budget.exhausted(until: 500)
        #expect(budget.take(now: 130) == 500)
        // A ledger that allows more than we assumed is believed too.
        let generous = RateBudget(limit: 2, windowSeconds: 300)
        generous.observe(remaining: 50, resetsAt: 300, now: 0)
        #expect((0..<50).allSatisfy { _ in generous.take(now: 1) == 0 })
        #expect(generous.take(now: 1) == 300)
    }

    @Test func threadsShareOneBudget() {
        let budget = RateBudgets(limit: 150, windowSeconds: 300).budget(for: "123")
        let granted = Mutex(0)
        DispatchQueue.concurrentPerform(iterations: 8) { _ in
            for _ in 0..<50 where budget.take(now: 10) == 0 { granted.withLock { $0 += 1 } }
        }
        #expect(granted.withLock { $0 } == 150)
    }

    @Test func budgetsArePerAdministration() {
        let budgets = RateBudgets(limit: 1, windowSeconds: 300)
        #expect(budgets.budget(for: "a").take(now: 0) == 0)
        #expect(budgets.budget(for: "b").take(now: 0) == 0)
        #expect(budgets.budget(for: "a").take(now: 0) == 300)
    }
}

struct RateWaitTests {
    @Test func aWaitLongerThanSeventyOneMinutesIsWholeSeconds() {
        // 4,295 s is where `useconds_t(seconds) * 1_000_000` overflowed.
        #expect(RateWait.pause(from: 1_000, until: 1_000 + 4_295).tv_sec == 4_295)
        #expect(RateWait.pause(from: 1_000, until: 1_000 + 86_400).tv_sec == 86_400)
        #expect(RateWait.pause(from: Int64.min, until: Int64.max).tv_sec == time_t.max)
        #expect(RateWait.pause(from: 1_000, until: 1_000 + 86_400).tv_nsec == 0)
    }

    @Test func aWaitIsAtLeastOneSecond() {
        #expect(RateWait.pause(from: 1_000, until: 1_000).tv_sec == 1)
        #expect(RateWait.pause(from: 1_000, until: 900).tv_sec == 1)
    }

    @Test func sleepsThePause() {
        let start = ContinuousClock.now
        RateWait.sleep(RateWait.pause(from: 0, until: 1))
        #expect(ContinuousClock.now - start >= .seconds(1))
    }
}
