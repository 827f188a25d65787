import Foundation

/// Starting a test server that says where it listens on its first line of standard output
/// (`listening on 127.0.0.1:PORT`, as `koppel-sandbox` does), and reading that line.
public enum ListeningPort {
    /// Runs `process` with its standard output on a pipe and returns the port its first line names.
    /// When the line does not name one (the program refused its arguments, or died), the process is
    /// stopped and `NoPortReported` thrown with the line it wrote.
    public static func start(_ process: Process) throws -> Int {
        let output = Pipe()
        // The process keeps the pipe: the server may write more lines later without a broken pipe.
        process.standardOutput = output
        try process.run()
        let line = try firstLine(of: output.fileHandleForReading)
        guard line.hasPrefix("listening on "), let port = Int(line.split(separator: ":").last ?? "") else {
            process.terminate()
            throw NoPortReported(program: process.executableURL?.lastPathComponent ?? "the server", line: line)
        }
        return port
    }

    /// The bytes of `handle` up to the first newline or the end, as text.
    public static func firstLine(of handle: FileHandle) throws -> String {
        var bytes: [UInt8] = []
        while let byte = try handle.read(upToCount: 1)?.first, byte != UInt8(ascii: "\n") {
            bytes.append(byte)
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// A server's first line did not say where it listens.
public struct NoPortReported: Error, CustomStringConvertible {
    public let program: String
    public let line: String

    public var description: String { "\(program) did not report its port; first line: \(line)" }
}
