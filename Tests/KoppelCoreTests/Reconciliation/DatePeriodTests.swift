import KoppelCore
import Testing

@Suite struct DatePeriodTests {
    @Test func theNightlyPeriodCoversThePreviousQuarterAndNinetyDays() {
        // 23 November: the previous quarter began on 1 July, earlier than 90 days back.
        #expect(DatePeriod.nightly(today: "2026-11-23") == DatePeriod(first: "2026-07-01", last: "2026-11-23"))
        // 15 January: the previous quarter began on 1 October, and 90 days back is 17 October.
        #expect(DatePeriod.nightly(today: "2027-01-15") == DatePeriod(first: "2026-10-01", last: "2027-01-15"))
        // 31 March: 90 days back (1 January) is later than 1 October.
        #expect(DatePeriod.nightly(today: "2026-03-31") == DatePeriod(first: "2025-10-01", last: "2026-03-31"))
        #expect(DatePeriod.nightly(today: "2026-02-30") == nil)
    }

    @Test func lastDaysCountsToday() {
        #expect(DatePeriod.lastDays(1, today: "2024-03-01") == DatePeriod(first: "2024-03-01", last: "2024-03-01"))
        #expect(DatePeriod.lastDays(2, today: "2024-03-01") == DatePeriod(first: "2024-02-29", last: "2024-03-01"))
        #expect(DatePeriod.lastDays(366, today: "2024-12-31") == DatePeriod(first: "2024-01-01", last: "2024-12-31"))
        #expect(DatePeriod.lastDays(0, today: "2024-12-31") == nil)
    }
}
