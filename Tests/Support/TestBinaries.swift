import Foundation

/// Where the tests find the built executables (`koppel-sandbox`, …).
public enum TestBinaries {
    /// `KOPPEL_BIN_DIR` when set (a build with its own scratch path), else beside the test bundle.
    public static func url(of name: String) -> URL {
        if let folder = ProcessInfo.processInfo.environment["KOPPEL_BIN_DIR"] {
            return URL(fileURLWithPath: folder).appendingPathComponent(name)
        }
        let bundle = Bundle.main.bundleURL
        let candidates = [bundle.deletingLastPathComponent(), bundle, bundle.deletingLastPathComponent().deletingLastPathComponent()]
        for folder in candidates {
            let url = folder.appendingPathComponent(name)
            if FileManager.default.isExecutableFile(atPath: url.path) { return url }
        }
        return candidates[0].appendingPathComponent(name)
    }
}
