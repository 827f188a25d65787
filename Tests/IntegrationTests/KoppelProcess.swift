import Foundation

/// How a run of one of koppel's programs ended: its exit code and what it wrote.
struct ProgramRun {
    var status: Int32
    var output: String
    var errors: String
}

/// Runs a built program (`koppel`, `koppel-fcgi`) as a user would, with `input` on stdin.
/// With `umask` it starts under that file creation mask, as from a login shell, whatever the
/// test process has. With `clockAhead` (faketime's offset, "+2d") it runs with its clock that far
/// ahead, through Debian's `faketime`.
func runProgram(
    _ name: String, _ arguments: [String], input: String? = nil, environment extra: [String: String] = [:],
    umask: String? = nil, clockAhead: String? = nil
) throws -> ProgramRun {
    let process = Process()
    let binary = Stack.binaries.appendingPathComponent(name).path
    if let clockAhead {
        process.executableURL = URL(fileURLWithPath: "/usr/bin/faketime")
        process.arguments = ["-f", clockAhead, binary] + arguments
    } else if let umask {
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "umask \(umask) && exec \"$0\" \"$@\"", binary] + arguments
    } else {
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
    }
    process.environment = ProcessInfo.processInfo.environment.merging(extra) { _, new in new }
    let output = Pipe()
    let errors = Pipe()
    let stdin = Pipe()
    process.standardOutput = output
    process.standardError = errors
    process.standardInput = stdin
    try process.run()
    if let input { stdin.fileHandleForWriting.write(Data(input.utf8)) }
    try stdin.fileHandleForWriting.close()
    let out = output.fileHandleForReading.readDataToEndOfFile()
    let err = errors.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return ProgramRun(
        status: process.terminationStatus, output: String(decoding: out, as: UTF8.self),
        errors: String(decoding: err, as: UTF8.self))
}
