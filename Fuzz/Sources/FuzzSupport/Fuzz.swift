import CLibFuzzer
import Foundation

/// What every fuzzer shares: the entry point, stopping with a message when a property does not
/// hold, and the input as data or as text fields.
public enum Fuzz {
    /// A fuzzer's test of one input, as libFuzzer calls it.
    public typealias TestOneInput = @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt

    /// Runs libFuzzer with the command line and `test`. Each fuzzer calls this from the function
    /// SwiftPM makes its `main` (`<module>_main`), since it has no main of its own.
    public static func run(
        _ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?, _ test: TestOneInput
    ) -> CInt {
        var argc = argc
        var argv = argv
        return LLVMFuzzerRunDriver(&argc, &argv, test)
    }

    /// Stops the run when `condition` is false: libFuzzer reports the input as a crash and saves it.
    public static func check(_ condition: Bool, _ message: @autoclosure () -> String) {
        if !condition { fatalError("property broken: \(message())") }
    }

    public static func data(_ start: UnsafePointer<UInt8>?, _ count: Int) -> Data {
        guard let start, count > 0 else { return Data() }
        return Data(bytes: start, count: count)
    }

    /// The input split at 0xFF bytes (which no UTF-8 text holds) into `count` texts, missing ones
    /// empty; invalid UTF-8 becomes U+FFFD, as it would for any text read from outside.
    public static func fields(_ data: Data, count: Int) -> [String] {
        var fields = data.split(separator: 0xFF, maxSplits: count - 1, omittingEmptySubsequences: false)
            .map { String(decoding: $0, as: UTF8.self) }
        while fields.count < count { fields.append("") }
        return fields
    }
}
