import Foundation

/// Names of the fixture files the push seeds are made from.
public enum PushFixtures {
    /// OpenCart's order exports: the fixtures and the corpus OpenCart made itself.
    public static func orderExports() throws -> [URL] {
        try Seeds.fixtureFiles(under: "opencart").filter {
            !$0.lastPathComponent.hasSuffix("-settings.json")
                && ($0.lastPathComponent.contains("-order-")
                    || $0.deletingLastPathComponent().lastPathComponent == "corpus")
        }
    }

    public static func settingsExports() throws -> [URL] {
        try Seeds.fixtureFiles(under: "opencart").filter { $0.lastPathComponent.hasSuffix("-settings.json") }
    }
}
