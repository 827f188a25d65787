import Ledger
import Testing

/// A code per payment method as the text `koppel config ledger` takes (`cod=REMBOURS,bank_transfer=BANK`).
@Suite struct LedgerSettingPairsTests {
    @Test func pairsAreWrittenSortedWithoutEmptyCodesAndReadBack() throws {
        let text = try LedgerSettingPairs.text(["cod": " REMBOURS ", "bank_transfer": "BANK", "free_checkout": ""])
        #expect(text == "bank_transfer=BANK,cod=REMBOURS")
        #expect(LedgerSettingPairs.pairs(text) == ["bank_transfer": "BANK", "cod": "REMBOURS"])
        #expect(try LedgerSettingPairs.text([:]) == "")
        #expect(LedgerSettingPairs.pairs("") == [:])
    }

    @Test func aMethodOrCodeHoldingASeparatorIsRefusedByName() {
        for (pairs, method) in [(["co,d": "X"], "co,d"), (["cod": "A=B"], "cod"), ([" ": "X"], "")] {
            let refused = #expect(throws: LedgerSettingPairs.Unwritable.self) { try LedgerSettingPairs.text(pairs) }
            #expect(refused?.method == method)
        }
    }
}
