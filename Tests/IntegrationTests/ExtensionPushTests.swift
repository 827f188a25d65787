import Foundation
import KoppelStore
import Testing

/// The OpenCart extension's own pusher (PHP: payload builder, signer, curl client) sends the real
/// orders through nginx to koppel-fcgi, which stores them.
@Suite(.serialized)
struct ExtensionPushTests {
    static let script = Stack.packageRoot.appendingPathComponent("extensions/opencart/tests/push-fixtures.php")

    func php(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["php", Self.script.path] + arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    @Test func theExtensionPushesRealOrdersAndSettings() throws {
        let stack = try Stack()
        let keyFile = stack.folder.appendingPathComponent("api.key")
        try (stack.apiKey + "\n").write(to: keyFile, atomically: true, encoding: .utf8)
        let common = ["--endpoint", stack.endpoint, "--license", stack.license, "--api-key-file", keyFile.path]

        // OpenCart 3 and 4 share order ids 1 to 3 in one connection: the 4.x pushes change them.
        for (settings, orders, result) in [
            ("opencart3-settings.json", Samples.openCart3, "created"), ("opencart4-settings.json", Samples.openCart4, "updated"),
        ] {
            let run = try php(common + ["--settings", Samples.folder.appendingPathComponent(settings).path]
                + orders.map { Samples.folder.appendingPathComponent($0).path })
            #expect(run.status == 0, "\(run.output)")
            #expect(run.output.components(separatedBy: "\"\(result)\"").count - 1 == orders.count + 1, "\(run.output)")
        }
        #expect(try stack.counts().orders == 4)
        #expect(try stack.counts().settings == 2)

        // Pushing the same orders again changes nothing.
        let again = try php(common + Samples.openCart4.map { Samples.folder.appendingPathComponent($0).path })
        #expect(again.status == 0, "\(again.output)")
        #expect(!again.output.contains("\"created\"") && !again.output.contains("\"updated\""), "\(again.output)")

        let stored = try stack.database.orders(license: stack.license)
        #expect(stored.first { $0.orderReference == "2" }?.total == "620.8264")
        #expect(stored.first { $0.orderReference == "4" }?.total == "29.8899")

        // And a wrong key is refused, with a non-zero exit.
        try "Wrong!Key#For(This)=1\n".write(to: keyFile, atomically: true, encoding: .utf8)
        let refused = try php(common + [Samples.folder.appendingPathComponent("opencart3-order-1.json").path])
        #expect(refused.status != 0)
        #expect(refused.output.contains("unauthorized"), "\(refused.output)")
    }
}
