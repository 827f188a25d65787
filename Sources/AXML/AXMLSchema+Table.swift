extension AXMLSchema {
    /// The schema as the Markdown table docs/asperion.md shows (a test keeps the two the same).
    public static var markdownTable: String {
        var lines = [
            "| element | in | occurs | type | source | note |",
            "|---|---|---|---|---|---|",
        ]
        for row in elements {
            let occurs =
                switch row.occurs {
                case .required: "1"
                case .optional: "0..1"
                case .repeated: "1..n"
                }
            let source =
                switch row.source {
                case .spec14(let chapter): "v1.4 \(chapter)"
                case .other(let text): text
                case .guess: "**GUESS**"
                }
            let parent = row.parent.map { "`\(element($0).name)`" } ?? ""
            lines.append("| `\(row.name)` | \(parent) | \(occurs) | \(describe(row.type)) | \(source) | \(row.note) |")
        }
        return lines.joined(separator: "\n")
    }

    private static func describe(_ type: AXMLValueType) -> String {
        switch type {
        case .group: "elements"
        case .text(let maxLength): "text ≤ \(maxLength)"
        case .integer: "whole number"
        case .decimal(let places): "decimal, \(places) places"
        case .date: "date YYYY-MM-DD"
        case .dateTime: "YYYY-MM-DDTHH:MM:SS"
        case .code(let list): list.name
        case .token(let maxLength): "token ≤ \(maxLength) (A–Z a–z 0–9 - _)"
        }
    }
}
