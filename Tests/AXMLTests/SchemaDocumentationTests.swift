import AXML
import Foundation
import Testing

/// docs/asperion.md shows the schema table as the code has it. KOPPEL_UPDATE_GOLDEN=1 rewrites it.
struct SchemaDocumentationTests {
    static let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("docs/asperion.md")
    static let begin = "<!-- schema table: begin -->\n"
    static let end = "<!-- schema table: end -->"

    @Test func theDocumentedTableIsTheSchema() throws {
        var text = try String(contentsOf: Self.file, encoding: .utf8)
        let start = try #require(text.range(of: Self.begin)).upperBound
        let stop = try #require(text.range(of: Self.end, range: start..<text.endIndex)).lowerBound
        let table = AXMLSchema.markdownTable + "\n"
        if ProcessInfo.processInfo.environment["KOPPEL_UPDATE_GOLDEN"] == "1" {
            text.replaceSubrange(start..<stop, with: table)
            try text.write(to: Self.file, atomically: true, encoding: .utf8)
        }
        #expect(String(text[start..<stop]) == table)
    }
}
