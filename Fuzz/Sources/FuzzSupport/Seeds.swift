import Foundation

/// Seed inputs, made from the fixtures of the main package's tests (Tests/Fixtures) by the fuzzer
/// binary itself: scripts/fuzz runs it once with `KOPPEL_FUZZ_SEEDS=<folder>` before fuzzing.
public enum Seeds {
    /// The repository root: the folder that holds Fuzz/.
    public static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    public static let fixtures = repositoryRoot.appendingPathComponent("Tests/Fixtures")

    /// When asked through `KOPPEL_FUZZ_SEEDS`, writes the seeds `make` returns into that folder
    /// and ends the process; otherwise does nothing. Call it from `LLVMFuzzerInitialize`.
    public static func writeIfAsked(_ make: () throws -> [(name: String, data: Data)]) {
        guard let folder = ProcessInfo.processInfo.environment["KOPPEL_FUZZ_SEEDS"] else { return }
        do {
            try write(make, to: URL(fileURLWithPath: folder))
        } catch {
            fatalError("could not write the seeds: \(error)")
        }
        // Without the leak check at exit: it would count what this frame still holds.
        fflush(nil)
        _exit(0)
    }

    private static func write(_ make: () throws -> [(name: String, data: Data)], to directory: URL) throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        for seed in try make() {
            try seed.data.write(to: directory.appendingPathComponent(seed.name))
        }
    }

    /// The JSON files under Tests/Fixtures (a subfolder such as "opencart"), sorted by path.
    public static func fixtureFiles(under subfolder: String = "") throws -> [URL] {
        let root = subfolder.isEmpty ? fixtures : fixtures.appendingPathComponent(subfolder)
        guard let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil) else {
            throw SeedError(description: "no fixtures at \(root.path)")
        }
        let files = walker.compactMap { $0 as? URL }.filter { $0.pathExtension == "json" }
        guard !files.isEmpty else { throw SeedError(description: "no fixtures at \(root.path)") }
        return files.sorted { $0.path < $1.path }
    }

    /// A seed's file name from a fixture's path below Tests/Fixtures: `opencart-corpus-x.json`.
    public static func name(for file: URL, prefix: String = "") -> String {
        let relative = file.path.dropFirst(fixtures.path.count + 1)
        return prefix + relative.replacingOccurrences(of: "/", with: "-")
    }
}

struct SeedError: Error, CustomStringConvertible {
    let description: String
}
