import KoppelCore
import Testing

@testable import Reconciliation

@Suite struct ExcelCSVTests {
    @Test func amountsUseADecimalCommaWithoutThousandsSeparators() {
        #expect(ExcelCSV.amount(Cents(123456)) == "1234,56")
        #expect(ExcelCSV.amount(Cents(-2)) == "-0,02")
        #expect(ExcelCSV.amount(.zero) == "0,00")
    }

    @Test func formulasAreDefused() {
        #expect(ExcelCSV.text("=HYPERLINK(\"http://x\")") == "'=HYPERLINK(\"http://x\")")
        #expect(ExcelCSV.text("+31 20") == "'+31 20")
        #expect(ExcelCSV.text("@SUM(A1)") == "'@SUM(A1)")
        #expect(ExcelCSV.text("Jansen") == "Jansen")
    }

    @Test func longNumbersStayText() {
        #expect(ExcelCSV.text("496081000000004097") == "=\"496081000000004097\"")
        #expect(ExcelCSV.text("2047") == "2047")
        #expect(ExcelCSV.row([ExcelCSV.text("496081000000004097"), "a"]) == "=\"496081000000004097\";a\r\n")
    }

    @Test func separatorsQuotesAndLineBreaksAreQuoted() {
        #expect(ExcelCSV.row(["a;b", "say \"hi\"", "line\nbreak", " edge", "plain"])
            == "\"a;b\";\"say \"\"hi\"\"\";\"line\nbreak\";\" edge\";plain\r\n")
    }
}
