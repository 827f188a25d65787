import Foundation
import KoppelCore
import Ledger
import LedgerProviders
import Testing

/// What the conformance suite knows of one ledger: its provider (what it promises: an idempotency
/// key, its rate policy), how its sandbox starts, how its adapter is made with fresh credentials, how
/// the fixture orders map onto its reference data, what its sandbox calls the endpoint that creates
/// a document (for fault rules) and the extras of its reference data. Adding a ledger = one more of these.
struct LedgerUnderTest: Sendable, CustomTestStringConvertible {
    var name: String
    var provider: any LedgerProvider
    /// `koppel-sandbox` arguments after `--port 0` for a fresh administration; the folder is the run's own.
    var sandboxArguments: @Sendable (_ folder: URL) -> [String]
    /// The sandbox's rate limit, requests per window of seconds.
    var sandboxRateLimit: @Sendable (_ limit: Int, _ windowSeconds: Int) -> [String] = { limit, window in
        ["--rate-limit", "\(limit)", "--rate-window", "\(window)"]
    }
    /// Whether the ledger's answers tell when its rate window ends (Moneybird's `RateLimit-Reset`,
    /// Minox's `x-rate-limit-reset`); Factuursturen tells only what remains, so its budget's window
    /// is the policy's length, which a test scales as it scales the sandbox's.
    var rateHeadersTellReset = true
    /// The sandbox's name of the endpoint that creates the document, as `/sandbox/stats` lists it.
    var createEndpoint: String
    /// Every endpoint koppel writes through (contacts, documents, later steps, credits), named as
    /// `/sandbox/stats` lists them: the exactly-once test loses answers on each of them.
    var writeEndpoints: [String]
    /// The sandbox's access token, as a person gives it to `koppel ledger connect`.
    var accessToken: String
    /// `koppel ledger connect LICENSE` arguments that choose the sandbox's administration.
    var connectArguments: [String]
    /// Whether an order cancelled after booking is credited in this ledger (the booking flow's
    /// credit steps). A ledger whose adapter makes credit documents sets it, and the exactly-once
    /// test then credits some of its orders under SIGKILL as well.
    var creditsCancelledOrders: Bool
    /// The names of the ledger's own reference lists besides VAT codes and revenue accounts.
    var extras: Set<String>
    /// Whether the ledger's answers tell its rate limit, so that the budget learns a lower one from
    /// them (the pacing test). Asperion's tell nothing but a 429's `Retry-After` (it documents no limit).
    var answersTellRateLimit = true
    /// Whether the read-back tells the payment state. Asperion's concept invoices have none (a
    /// concept is not yet sent; payments come from the bank).
    var readBackTellsPayment = true
    /// The adapter with the sandbox's credentials (or `options.token`); `reference` is the sandbox's
    /// reference data where the adapter's settings need it (Moneybird's rate for lines outside VAT).
    var makeAdapter: @Sendable (_ sandbox: SandboxProcess, _ options: AdapterOptions, _ reference: LedgerReferenceData?) throws -> any Ledger
    /// The fixture orders' VAT rates, accounts and payments mapped onto the sandbox's reference data.
    var mapping: @Sendable (LedgerReferenceData) throws -> VATMapping
    var testDescription: String { name }

    static let all: [LedgerUnderTest] = [.moneybird, .minox, .factuursturen, .asperion]

    /// Whether booked means delivered later (`deferredConfirmation`, Asperion): `create` is local
    /// and the first call that reaches the ledger is a later step, made once the ledger's time came.
    var isDeferred: Bool { provider.capabilities.contains(.deferredConfirmation) }

    /// Whether a create repeated with the same idempotency key finds the first document, as the provider declares.
    var takesIdempotencyKey: Bool { provider.capabilities.contains(.idempotencyKey) }

    /// The sandbox with this ledger's arguments, allowing `limit` requests per window; by default
    /// more than any test sends, so that only the pacing test waits for a window.
    func startSandbox(limit: Int = 100_000, windowSeconds: Int = 300) throws -> SandboxProcess {
        try SandboxProcess { folder in sandboxArguments(folder) + sandboxRateLimit(limit, windowSeconds) }
    }

    /// Reads the reference data with one adapter, then makes the one the suite books with; both
    /// spend the same rate budget, as every adapter of one administration does.
    func connect(_ sandbox: SandboxProcess, _ options: AdapterOptions = AdapterOptions()) throws -> ConnectedLedger {
        var options = options
        // The ledger's own rate policy: what the budget starts from before the first answer.
        options.budget = options.budget ?? RateBudget(limit: provider.ratePolicy.limit, windowSeconds: provider.ratePolicy.windowSeconds)
        let probe = try makeAdapter(sandbox, options, nil)
        let reference = try probe.referenceData()
        return ConnectedLedger(
            description: self, ledger: try makeAdapter(sandbox, options, reference), reference: reference,
            mapping: try mapping(reference), setupRequests: probe.requestCount, clock: options.clock)
    }
}

/// How the suite wants one adapter made; nil takes the ledger's own choice.
struct AdapterOptions: Sendable {
    var token: String?
    var budget: RateBudget?
    /// How long a request may wait for the rate budget, in seconds.
    var longestRateWait: Int64?
    /// How long one request may take, in seconds.
    var timeout = 30
    /// Another address than the sandbox's (one nothing listens on).
    var baseURL: String?
    /// The time the adapters read; the same for both adapters `connect` makes.
    var clock = LedgerClock()
}

/// An adapter with the sandbox's VAT codes and accounts mapped for the fixture orders.
final class ConnectedLedger {
    let description: LedgerUnderTest
    let ledger: any Ledger
    let reference: LedgerReferenceData
    let mapping: VATMapping
    /// Requests the adapter that read the reference data sent.
    let setupRequests: Int
    let clock: LedgerClock

    init(
        description: LedgerUnderTest, ledger: any Ledger, reference: LedgerReferenceData, mapping: VATMapping, setupRequests: Int,
        clock: LedgerClock
    ) {
        self.clock = clock
        self.description = description
        self.ledger = ledger
        self.reference = reference
        self.mapping = mapping
        self.setupRequests = setupRequests
    }

    /// Every request sent to the sandbox through this connection.
    var requestsSent: Int { setupRequests + ledger.requestCount }

    /// The fixture order mapped onto this ledger; `reference` replaces its order number.
    func prepared(_ fixture: ConformanceFixture, reference: String? = nil, isPaid: Bool = true) throws -> PreparedBooking {
        var document = try fixture.document()
        if let reference { document.reference = reference }
        let (resolved, problems) = mapping.resolve(document)
        #expect(problems.isEmpty, "\(description.name) \(fixture.name): \(problems)")
        return PreparedBooking(document: resolved, isPaid: isPaid)
    }

    /// Every step of the booking in a row, as the booking flow makes them when nothing fails. A step
    /// whose time has not come (`notYet`) is made again once the clock is moved there, as the flow
    /// makes it at its first run after that time.
    @discardableResult
    func book(_ booking: PreparedBooking, idempotencyKey: String) throws -> LedgerDocumentStatus {
        let document = try ledger.create(booking, idempotencyKey: idempotencyKey)
        for step in ledger.steps(for: booking) where step != .create {
            let reference = LedgerDocumentReference(id: document.id, gross: document.gross)
            do {
                try ledger.perform(step, on: reference, for: booking)
            } catch {
                guard case .notYet(let until) = error.kind else { throw error }
                clock.advance(to: until)
                try ledger.perform(step, on: reference, for: booking)
            }
        }
        return document
    }

    /// The booking's first call that reaches the ledger: the create, or for a deferred ledger the
    /// whole booking (its create is local, its delivery the first request).
    @discardableResult
    func reachLedger(_ booking: PreparedBooking, idempotencyKey: String) throws -> LedgerDocumentStatus {
        description.isDeferred ? try book(booking, idempotencyKey: idempotencyKey) : try ledger.create(booking, idempotencyKey: idempotencyKey)
    }

    /// Whether the ledger holds nothing for `reference`: no document; for a deferred ledger, nothing
    /// delivered (the order may be listed locally) and nothing imported.
    func holdsNothing(_ reference: String) throws -> Bool {
        let found = try ledger.inspect(documentID: nil, reference: reference, includingCredit: false)
        guard description.isDeferred else { return found == nil }
        if found?.done.contains(.send) == true { return false }
        return try ledger.findBooking(reference: reference) == nil
    }

    /// The period read-back's bookings for `reference` on its day.
    func readBack(_ reference: String, on day: String) throws -> [LedgerBooking] {
        var found: [LedgerBooking] = []
        try ledger.bookings(in: DatePeriod(first: day, last: day)) { booking in
            if booking.reference == reference { found.append(booking) }
        }
        return found
    }
}

/// A fixture the sandbox cannot serve (a VAT code or account missing from its reference data).
struct ConformanceError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
