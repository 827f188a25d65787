import ArgumentParser
import Foundation
import KoppelCore
import KoppelHTTP
import OpenCart

/// Sends OpenCart orders exported as table rows (one JSON file an order) to a koppel endpoint,
/// signed like the shop extension signs them: for migrating historical orders in bulk and for
/// checking an installation end to end. The payloads are the extension's, field for field
/// (OrderRows, SettingsRows); what the extension reads from the running shop comes from options.
struct PushCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "push",
        abstract: "Push OpenCart order exports (and settings) to a koppel endpoint, signed.",
        discussion: "The API key is read from --api-key-file, or else from the first line of standard input.")

    @Option(help: "The endpoint, e.g. http://127.0.0.1:8080 (paths /api/v1/... are appended).") var endpoint: String
    @Option(help: "The connection's license key.") var license: String
    @Option(help: "File holding the API key (mode 600).") var apiKeyFile: String?
    @Option(help: "A settings export to push first.") var settings: String?
    @Option(help: "The store's default currency, for exports without currency columns.") var currency = "EUR"
    @Option(help: "The shop's time zone (config_timezone, e.g. Europe/Amsterdam), sent with every order.")
    var timezone: String?
    @Option(
        help: "The custom field holding customers' VAT numbers, sent with --settings (default: the extension's setting in the export).")
    var vatCustomField: Int64?
    @Option(help: "Orders per request (1 to \(OrderBatch.maximumCount)).") var batchSize = 100
    @Argument(help: "Order export files (OpenCart rows: order, order_product, order_total, ...).") var files: [String] = []

    func validate() throws {
        guard (1...OrderBatch.maximumCount).contains(batchSize) else {
            throw ValidationError("--batch-size must be 1 to \(OrderBatch.maximumCount)")
        }
        guard settings != nil || !files.isEmpty else { throw ValidationError("nothing to push: give order files or --settings") }
        if let vatCustomField {
            guard settings != nil else { throw ValidationError("--vat-custom-field goes with --settings") }
            guard vatCustomField >= 0 else {
                throw ValidationError("--vat-custom-field must be a custom field id, or 0 for none")
            }
        }
    }

    func run() throws {
        let apiKey = try readAPIKey()
        let client = try CurlHTTPClient()
        let decoder = JSONDecoder()
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]

        if let settings {
            let rows = try decoder.decode(SettingsRows.self, from: Data(contentsOf: URL(fileURLWithPath: settings)))
            let shopSettings = try rows.shopSettings(vatCustomFieldID: vatCustomField)
            if shopSettings.vatCustomFieldID == nil, !(shopSettings.customFields ?? []).isEmpty {
                // These settings replace the ones the extension pushed, VAT number field and all.
                FileHandle.standardError.write(Data(
                    "koppel push: the settings name no VAT number field (--vat-custom-field): no order's VAT number will be booked\n".utf8))
            }
            let body = try encoder.encode(shopSettings)
            try send(body, to: "/api/v1/settings", apiKey: apiKey, client: client)
        }
        let orders = try files.map { file in
            do {
                let rows = try decoder.decode(OrderRows.self, from: Data(contentsOf: URL(fileURLWithPath: file)))
                return try rows.pushedOrder(defaults: .init(currencyCode: currency, timezone: timezone))
            } catch {
                throw ValidationError("\(file): \(error)")
            }
        }
        for start in stride(from: 0, to: orders.count, by: batchSize) {
            let batch = OrderBatch(
                source: PushSource(platform: "opencart", extensionVersion: "koppel-push"),
                orders: Array(orders[start..<min(start + batchSize, orders.count)]))
            try send(try encoder.encode(batch), to: "/api/v1/orders", apiKey: apiKey, client: client)
        }
    }

    private func send(_ body: Data, to path: String, apiKey: String, client: CurlHTTPClient) throws {
        let base = endpoint.hasSuffix("/") ? String(endpoint.dropLast()) : endpoint
        let prefix = URL(string: base)?.path ?? ""
        // A unique query parameter keeps two identical pushes within one second from having one
        // signature (the second would be refused as a replay).
        let target = path + "?n=" + UUID().uuidString.prefix(8).lowercased()
        let headers = RequestSignature.headers(
            license: license, apiKey: apiKey, method: "POST", path: prefix + target, body: body,
            timestamp: Int64(Date().timeIntervalSince1970))
        let response = try client.perform(HTTPRequest(
            method: "POST", url: base + target, headers: headers + [("Content-Type", "application/json")], body: body))
        print(response.text)
        guard response.status == 200 else { throw ExitCode(1) }
    }

    private func readAPIKey() throws -> String {
        let text: String?
        if let apiKeyFile {
            text = try String(contentsOfFile: apiKeyFile, encoding: .utf8).split(whereSeparator: \.isNewline).first.map(String.init)
        } else {
            text = readLine(strippingNewline: true)
        }
        guard let key = text?.trimmingCharacters(in: .whitespaces), !key.isEmpty else {
            throw ValidationError("no API key given")
        }
        return key
    }
}
