import Foundation

/// The booking worker beside a test stack, as production runs it: `koppel sync --follow`, here
/// looking every second. Stopped when released. Only the tests that need it start one: a test
/// that runs `koppel sync` itself expects to do the booking.
final class BookingWorker {
    let process = Process()
    let logPath: String

    init(_ stack: Stack, connection: String? = nil) throws {
        logPath = stack.folder.appendingPathComponent("koppel-worker.log").path
        process.executableURL = Stack.binaries.appendingPathComponent("koppel")
        process.arguments = ["sync", "--follow", "1"] + (connection.map { ["--connection", $0] } ?? [])
        process.environment = ProcessInfo.processInfo.environment.merging(stack.environment) { _, new in new }
        _ = FileManager.default.createFile(atPath: logPath, contents: nil)
        let log = FileHandle(forWritingAtPath: logPath)
        process.standardError = log
        process.standardOutput = log
        try process.run()
    }

    /// What the worker wrote so far.
    func log() throws -> String {
        try String(contentsOfFile: logPath, encoding: .utf8)
    }

    deinit {
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
    }
}

/// Asks `check` every 200 ms until it gives a value, for at most `seconds` (generous: the worker
/// books through the sandbox); the failure names the last answer.
func eventually<T>(_ what: String, seconds: Double = 60, _ check: () throws -> (T?, last: String)) throws -> T {
    let deadline = Date().addingTimeInterval(seconds)
    var last = ""
    while Date() < deadline {
        let (value, seen) = try check()
        if let value { return value }
        last = seen
        usleep(200_000)
    }
    throw StackError(description: "\(what) did not happen within \(Int(seconds)) s; last: \(last)")
}
