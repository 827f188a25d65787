import KoppelCore
import Ledger
import Testing

/// 5. Reference data: VAT codes with their percentages (the Dutch 21%, 9% and 0% among them), revenue
/// accounts with their numbers, and the ledger's own extras, each list filled and its ids unique.
@Suite struct ReferenceDataConformanceTests {
    @Test(arguments: LedgerUnderTest.all)
    func vatCodesRevenueAccountsAndExtras(ledger: LedgerUnderTest) throws {
        let sandbox = try ledger.startSandbox()
        let data = try ledger.connect(sandbox).reference

        var percentages: Set<Int64> = []
        for code in data.vatCodes {
            let value: Amount
            do {
                value = try Amount(parsing: code.detail)
            } catch {
                Issue.record("\(ledger.name): VAT code \(code.id) has no percentage: \(code.detail) (\(error))")
                continue
            }
            #expect((0...1_000_000).contains(value.tenThousandths), "\(ledger.name): \(code.detail)")
            percentages.insert(value.tenThousandths)
        }
        #expect(percentages.isSuperset(of: [21_0000, 9_0000, 0]), "\(ledger.name): \(data.vatCodes.map(\.detail))")
        #expect(Set(data.vatCodes.map(\.id)).count == data.vatCodes.count, "\(ledger.name)")

        #expect(!data.revenueAccounts.isEmpty, "\(ledger.name)")
        #expect(Set(data.revenueAccounts.map(\.id)).count == data.revenueAccounts.count, "\(ledger.name)")
        for account in data.revenueAccounts {
            #expect(!account.name.isEmpty && !account.detail.isEmpty, "\(ledger.name): \(account)")
        }

        #expect(Set(data.extras.keys) == ledger.extras, "\(ledger.name): \(data.extras.keys.sorted())")
        for (name, list) in data.extras {
            #expect(!list.isEmpty, "\(ledger.name): no \(name)")
            #expect(Set(list.map(\.id)).count == list.count, "\(ledger.name): \(name) ids repeat")
        }
    }
}
