import ArgumentParser
import AsperionSandbox
import FactuursturenSandbox
import Foundation
import Logging
import MijnwebwinkelSandbox
import MinoxSandbox
import MoneybirdSandbox

/// `koppel-sandbox`: a Moneybird API v2 server (or, with `--ledger minox`, a Minox REST API server, with
/// `--ledger factuursturen` a FactuurSturen.nl API v1 server, with `--ledger asperion` an Asperion aXML drop
/// with a REST read-back, or with `--shop mijnwebwinkel`, a MyOnlineStore Connect API server) on loopback for
/// koppel's tests and demo.
@main
struct SandboxCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "koppel-sandbox",
        abstract: "Serve a Moneybird (default), Minox, Factuursturen, Asperion or Mijnwebwinkel sandbox; prints 'listening on HOST:PORT' first.")

    enum LedgerKind: String, ExpressibleByArgument, CaseIterable {
        case moneybird, minox, factuursturen, asperion
    }

    enum ShopKind: String, ExpressibleByArgument, CaseIterable {
        case mijnwebwinkel
    }

    @Option(help: "The ledger to imitate: moneybird, minox, factuursturen or asperion.") var ledger = LedgerKind.moneybird
    @Option(help: "A shop to imitate instead of a ledger: mijnwebwinkel.") var shop: ShopKind?

    @Option(help: "Address to bind.") var host = "127.0.0.1"
    @Option(help: "Port to bind; 0 picks a free one.") var port = 0
    @Option(help: "SQLite file of this run (default: a new file in the temporary folder).") var database: String?
    @Option(help: "Requests per window (Moneybird: 150 per administration; Minox: 20 per tenant; Factuursturen: 60 per user; Mijnwebwinkel and Asperion: 0, off).")
    var rateLimit: Int?
    @Option(help: "Rate window in seconds (Moneybird: 300; Minox: 120; Factuursturen: 3600; Mijnwebwinkel and Asperion: 60).") var rateWindow: Double?
    @Option(help: "OAuth client id (Moneybird: koppel-sandbox-client; Minox: koppel-minox-client).") var clientID: String?
    @Option(help: "OAuth client secret.") var clientSecret: String?
    @Option(help: "Access token lifetime in seconds.") var tokenLifetime: Double = 3600
    @Option(help: "A personal API token with every scope that never expires (Factuursturen: the API key; Asperion: the REST bearer token).") var apiToken: String?
    @Option(help: "Factuursturen: the user name of HTTP Basic.") var username: String?
    @Option(help: "Administration as ID or ID=NAME; repeat for more (Minox: TENANT/ID=NAME, besides the seeded 100001/1).")
    var administration: [String] = []
    @Option(help: "Added latency in milliseconds.") var latencyMs = 0
    @Option(help: "Share of requests answered 500, 0...1.") var errorRate: Double = 0
    @Option(help: "Share of requests held past the client's timeout, 0...1.") var timeoutRate: Double = 0
    @Option(help: "How long a timed-out request is held, in milliseconds.") var timeoutHoldMs = 35_000
    @Option(help: "Share of requests committed and then dropped unanswered, 0...1.") var commitThenDropRate: Double = 0
    @Option(help: "Where invoice VAT is rounded to cents: per-rate or per-line (docs/moneybird-arithmetic.md).")
    var vatRounding = VATRounding.perRate.rawValue
    @Option(help: "Minox: what a customer posted without id gets: assign (the next free number) or refuse.")
    var minoxCustomerNumbers = "assign"
    @Option(help: "Minox: amounts with more than two decimals: refuse or round.") var minoxSubCent = "refuse"
    @Option(help: "Minox: batch ids accepted: v4 (version-4 UUIDs) or any (any UUID).") var minoxBatchIds = "v4"
    @Option(help: "Mijnwebwinkel: answer in the spec's shapes (spec) or the live API's (live).") var deviations = "spec"
    @Option(help: "Mijnwebwinkel: the store token (query parameter token).") var storeToken: String?
    @Option(help: "Mijnwebwinkel: the partner token (query parameter partner_token).") var partnerToken: String?
    @Option(help: "Mijnwebwinkel: demo orders made at start.") var orders = 0
    @Option(help: "Factuursturen: what spends the hourly budget: calls (every request) or invoices (POST invoices).")
    var factuursturenRateCounts = "calls"
    @Option(help: "Factuursturen: an unknown invoice or client number is answered with the whole list (list) or 404 (not-found).")
    var factuursturenUnknown = "list"
    @Option(help: "Factuursturen: totals and flags as strings (strings) or JSON numbers and booleans (json).")
    var factuursturenNumbers = "strings"
    @Option(help: "Asperion: when delivered files are imported: auto (at once) or manual (on POST /sandbox/import).")
    var asperionImport = "auto"
    @Option(help: "Asperion: an administration as ID=LICENSE or ID=LICENSE=NAME; repeat for more (default 100001 with a fixed license).")
    var asperionTenant: [String] = []
    @Option(help: "Asperion: the payment codes the administrations accept, comma-separated.") var asperionPaymentCodes: String?
    @Option(help: "Asperion: an order that breaks the aXML schema refuses its file (refuse-file) or only itself (reject-order).")
    var asperionBrokenOrders = "refuse-file"
    @Flag(help: "Minox: a second sales journal (VK2), so that the journal must be chosen by a person.")
    var minoxSecondSalesJournal = false

    func validate() throws {
        for rate in [errorRate, timeoutRate, commitThenDropRate] where !(0...1).contains(rate) {
            throw ValidationError("rates must lie between 0 and 1")
        }
        // Mijnwebwinkel and Asperion take 0: no limit.
        guard (rateLimit ?? 1) >= (shop == nil && ledger != .asperion ? 1 : 0), (rateWindow ?? 1) > 0 else { throw ValidationError("rate limit and window must be positive") }
        guard VATRounding(rawValue: vatRounding) != nil else {
            let modes = VATRounding.allCases.map(\.rawValue).joined(separator: ", ")
            throw ValidationError("--vat-rounding must be one of: \(modes)")
        }
        guard ["assign", "refuse"].contains(minoxCustomerNumbers), ["refuse", "round"].contains(minoxSubCent),
            ["v4", "any"].contains(minoxBatchIds)
        else { throw ValidationError("--minox-customer-numbers assign|refuse, --minox-sub-cent refuse|round, --minox-batch-ids v4|any") }
        guard ["calls", "invoices"].contains(factuursturenRateCounts), ["list", "not-found"].contains(factuursturenUnknown),
            ["strings", "json"].contains(factuursturenNumbers)
        else {
            throw ValidationError("--factuursturen-rate-counts calls|invoices, --factuursturen-unknown list|not-found, --factuursturen-numbers strings|json")
        }
        guard AsperionSandboxConfiguration.ImportMode(rawValue: asperionImport) != nil,
            AsperionSandboxConfiguration.BrokenOrders(rawValue: asperionBrokenOrders) != nil
        else { throw ValidationError("--asperion-import auto|manual, --asperion-broken-orders refuse-file|reject-order") }
        for spec in asperionTenant where AsperionSandboxTenant(spec: spec) == nil {
            throw ValidationError("--asperion-tenant is ID=LICENSE or ID=LICENSE=NAME")
        }
        guard ["spec", "live"].contains(deviations), orders >= 0 else { throw ValidationError("--deviations spec|live, --orders from 0") }
    }

    func run() async throws {
        if shop == .mijnwebwinkel { return try await runMijnwebwinkel() }
        if ledger == .minox { return try await runMinox() }
        if ledger == .factuursturen { return try await runFactuursturen() }
        if ledger == .asperion { return try await runAsperion() }
        let path = database ?? FileManager.default.temporaryDirectory
            .appendingPathComponent("koppel-sandbox-\(ProcessInfo.processInfo.processIdentifier).sqlite").path
        var configuration = SandboxConfiguration(databasePath: path)
        configuration.host = host
        configuration.port = port
        configuration.rateLimit = rateLimit ?? configuration.rateLimit
        configuration.rateWindow = rateWindow ?? configuration.rateWindow
        configuration.clientID = clientID ?? configuration.clientID
        configuration.clientSecret = clientSecret ?? configuration.clientSecret
        configuration.accessTokenLifetime = tokenLifetime
        configuration.apiToken = apiToken
        if !administration.isEmpty {
            configuration.administrations = administration.map { spec in
                let parts = spec.split(separator: "=", maxSplits: 1).map(String.init)
                return Administration(id: parts[0], name: parts.count > 1 ? parts[1] : "Administratie \(parts[0])")
            }
        }
        configuration.faults.latencyMS = latencyMs
        configuration.faults.errorRate = errorRate
        configuration.faults.timeoutRate = timeoutRate
        configuration.faults.timeoutHoldMS = timeoutHoldMs
        configuration.faults.commitThenDropRate = commitThenDropRate
        configuration.vatRounding = VATRounding(rawValue: vatRounding) ?? .perRate
        let host = self.host
        // stdout carries only the "listening on" line; logs go to stderr.
        let logger = Logger(label: "koppel-sandbox") { StreamLogHandler.standardError(label: $0) }
        try await SandboxServer(configuration: configuration).run(handlingSignals: true, logger: logger) { port in
            // Unbuffered, so a parent process reading the first line sees it at once.
            FileHandle.standardOutput.write(Data("listening on \(host):\(port)\n".utf8))
        }
    }

    /// The Minox sandbox: its state lives in memory (`--database` does not apply); `--administration
    /// TENANT/ID=NAME` adds administrations that share the seeded one's books.
    private func runMinox() async throws {
        var configuration = MinoxSandboxConfiguration()
        configuration.host = host
        configuration.port = port
        configuration.rateLimit = rateLimit ?? configuration.rateLimit
        configuration.rateWindow = rateWindow ?? configuration.rateWindow
        configuration.clientID = clientID ?? configuration.clientID
        configuration.clientSecret = clientSecret ?? configuration.clientSecret
        configuration.accessTokenLifetime = tokenLifetime
        configuration.apiToken = apiToken
        configuration.assignsCustomerNumbers = minoxCustomerNumbers == "assign"
        configuration.refusesSubCentAmounts = minoxSubCent == "refuse"
        configuration.requiresUUIDv4 = minoxBatchIds == "v4"
        configuration.moreAdministrations = try administration.map { spec in
            guard let more = MinoxSandboxAdministration(spec: spec) else {
                throw ValidationError("--administration for Minox is TENANT/ID or TENANT/ID=NAME")
            }
            return more
        }
        configuration.secondSalesJournal = minoxSecondSalesJournal
        configuration.faults.latencyMS = latencyMs
        configuration.faults.errorRate = errorRate
        configuration.faults.timeoutRate = timeoutRate
        configuration.faults.timeoutHoldMS = timeoutHoldMs
        configuration.faults.commitThenDropRate = commitThenDropRate
        let host = self.host
        let logger = Logger(label: "koppel-sandbox") { StreamLogHandler.standardError(label: $0) }
        try await MinoxSandboxServer(configuration: configuration).run(handlingSignals: true, logger: logger) { port in
            FileHandle.standardOutput.write(Data("listening on \(host):\(port)\n".utf8))
        }
    }

    /// The Factuursturen sandbox: its books live in memory (`--database` does not apply).
    private func runFactuursturen() async throws {
        var configuration = FactuursturenSandboxConfiguration()
        configuration.host = host
        configuration.port = port
        configuration.rateLimit = rateLimit ?? configuration.rateLimit
        configuration.rateWindow = rateWindow ?? configuration.rateWindow
        configuration.username = username ?? configuration.username
        configuration.apiKey = apiToken ?? configuration.apiKey
        configuration.rateCountsOnlyInvoiceCreates = factuursturenRateCounts == "invoices"
        configuration.unknownAnswersWholeList = factuursturenUnknown == "list"
        configuration.numbersAsStrings = factuursturenNumbers == "strings"
        configuration.faults.latencyMS = latencyMs
        configuration.faults.errorRate = errorRate
        configuration.faults.timeoutRate = timeoutRate
        configuration.faults.timeoutHoldMS = timeoutHoldMs
        configuration.faults.commitThenDropRate = commitThenDropRate
        let host = self.host
        let logger = Logger(label: "koppel-sandbox") { StreamLogHandler.standardError(label: $0) }
        try await FactuursturenSandboxServer(configuration: configuration).run(handlingSignals: true, logger: logger) { port in
            FileHandle.standardOutput.write(Data("listening on \(host):\(port)\n".utf8))
        }
    }

    /// The Asperion sandbox: its files and books live in memory (`--database` does not apply).
    private func runAsperion() async throws {
        var configuration = AsperionSandboxConfiguration()
        configuration.host = host
        configuration.port = port
        configuration.rateLimit = rateLimit ?? configuration.rateLimit
        configuration.rateWindow = rateWindow ?? configuration.rateWindow
        configuration.apiToken = apiToken ?? configuration.apiToken
        configuration.importMode = AsperionSandboxConfiguration.ImportMode(rawValue: asperionImport) ?? .auto
        configuration.brokenOrders = AsperionSandboxConfiguration.BrokenOrders(rawValue: asperionBrokenOrders) ?? .refuseFile
        if !asperionTenant.isEmpty { configuration.tenants = asperionTenant.compactMap(AsperionSandboxTenant.init(spec:)) }
        if let codes = asperionPaymentCodes {
            let list = codes.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            for index in configuration.tenants.indices { configuration.tenants[index].paymentCodes = list }
        }
        configuration.faults.latencyMS = latencyMs
        configuration.faults.errorRate = errorRate
        configuration.faults.timeoutRate = timeoutRate
        configuration.faults.timeoutHoldMS = timeoutHoldMs
        configuration.faults.commitThenDropRate = commitThenDropRate
        let host = self.host
        let logger = Logger(label: "koppel-sandbox") { StreamLogHandler.standardError(label: $0) }
        try await AsperionSandboxServer(configuration: configuration).run(handlingSignals: true, logger: logger) { port in
            FileHandle.standardOutput.write(Data("listening on \(host):\(port)\n".utf8))
        }
    }

    /// The Mijnwebwinkel sandbox: its orders live in memory.
    private func runMijnwebwinkel() async throws {
        var configuration = MijnwebwinkelSandboxConfiguration()
        configuration.host = host
        configuration.port = port
        configuration.rateLimit = rateLimit ?? configuration.rateLimit
        configuration.rateWindow = rateWindow ?? configuration.rateWindow
        configuration.storeToken = storeToken ?? configuration.storeToken
        configuration.partnerToken = partnerToken ?? configuration.partnerToken
        configuration.liveDeviations = deviations == "live"
        configuration.seededOrders = orders
        configuration.faults.latencyMS = latencyMs
        configuration.faults.errorRate = errorRate
        configuration.faults.timeoutRate = timeoutRate
        configuration.faults.timeoutHoldMS = timeoutHoldMs
        let host = self.host
        let logger = Logger(label: "koppel-sandbox") { StreamLogHandler.standardError(label: $0) }
        try await MijnwebwinkelSandboxServer(configuration: configuration).run(handlingSignals: true, logger: logger) { port in
            FileHandle.standardOutput.write(Data("listening on \(host):\(port)\n".utf8))
        }
    }
}
