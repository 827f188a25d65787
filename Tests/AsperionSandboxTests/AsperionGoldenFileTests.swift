import Foundation
import KoppelHTTP
import Testing

/// Every golden file the Asperion ledger writes for the OpenCart fixtures (Tests/AsperionTests/Golden) is
/// accepted by the sandbox, every order imported, and read back with the file's totals to the cent.
@Suite struct AsperionGoldenFileTests {
    private static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("AsperionTests/Golden")

    /// The texts of every `<name>` element of `xml`, in order.
    private static func texts(_ name: String, in xml: String) -> [String] {
        xml.components(separatedBy: "<\(name)>").dropFirst().compactMap {
            $0.components(separatedBy: "</\(name)>").first
        }
    }

    /// The literal values of every `"name":` number in a JSON text, in order: money compared as the
    /// sandbox wrote it, never through a floating point number.
    private static func members(_ name: String, in json: String) throws -> [String] {
        let pattern = try NSRegularExpression(pattern: "\"\(name)\":(-?[0-9]+\\.[0-9]{2})")
        let range = NSRange(json.startIndex..., in: json)
        return pattern.matches(in: json, range: range).compactMap {
            Range($0.range(at: 1), in: json).map { String(json[$0]) }
        }
    }

    @Test func everyGoldenFileIsImportedWithItsTotals() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: Self.folder.path).filter {
            $0.hasSuffix(".xml")
        }.sorted()
        #expect(names.count >= 40, "golden files in \(Self.folder.path)")
        let sandbox = try AsperionSandboxProcess()
        for name in names {
            _ = try sandbox.admin("reset")
            let xml = try String(contentsOf: Self.folder.appendingPathComponent(name), encoding: .utf8)
            let response = try sandbox.upload(name, xml)
            #expect(response.status == 201, "\(name): \(response.text)")
            guard response.status == 201 else { continue }
            let report = try JSON.object(response)
            let totals = Self.texts("TotalInclVAT", in: xml)
            #expect(report["imported"] as? Int == totals.count, "\(name): \(response.text)")
            let page = try sandbox.call("GET", "\(sandbox.api)/salesinvoices?pageSize=100")
            #expect(try Self.members("amountInclVat", in: page.text) == totals, "\(name)")
        }
    }
}
