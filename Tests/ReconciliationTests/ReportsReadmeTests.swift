import Foundation
import KoppelCore
import Testing

@testable import Reconciliation

/// reports/README.md explains the report files to the accountant: it must name every column and
/// every kind of finding the reconciler writes.
@Suite struct ReportsReadmeTests {
    static let readme = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("reports/README.md")

    @Test func namesEveryColumnOfTheCSV() throws {
        let text = try String(contentsOf: Self.readme, encoding: .utf8)
        for column in MismatchReport.header {
            #expect(text.contains("| `\(column)` |"), "reports/README.md does not explain the column \(column)")
        }
    }

    @Test func explainsEveryKindOfFinding() throws {
        let text = try String(contentsOf: Self.readme, encoding: .utf8)
        for kind in Finding.Kind.allCases {
            let word = ReportWording.kind(kind)
            #expect(text.contains("| `\(word)` |"), "reports/README.md does not explain the kind \(word)")
        }
    }
}
