import Foundation
import Testing

/// An application ships what it was tested with: every package koppel builds with is pinned to
/// one version in its manifests (Package.resolved cannot be committed; see Package.swift).
@Suite struct PackagePinTests {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test(arguments: ["Package.swift", "Fuzz/Package.swift"])
    func everyPackageIsPinnedExactly(manifest: String) throws {
        let text = try String(contentsOf: Self.root.appendingPathComponent(manifest), encoding: .utf8)
        let dependencies = text.split(separator: "\n").filter { $0.contains(".package(") }
        #expect(!dependencies.isEmpty, "\(manifest) names no package")
        for line in dependencies where !line.contains("path:") {
            #expect(line.contains("exact: \""), "\(manifest): not pinned exactly: \(line)")
        }
    }
}
