import Foundation
import SandboxSupport

/// How a Factuursturen sandbox run is set up. Source tags as in shared/reference/apis-ledgers-shops.md §4
/// ([FSAPI], [JFS], [FHNL], [REIN], [LEON], [HSPY]); every behaviour the sources leave open is a switch
/// here, with the sandbox's default choice.
public struct FactuursturenSandboxConfiguration: Sendable {
    public var host = "127.0.0.1"
    /// 0 picks a free port; the bound port is reported once the server listens.
    public var port = 0
    /// HTTP Basic: the account's user name and an API key made under Instellingen › Verbindingen
    /// [C-multi: official docs, every client; manual 004 §4].
    public var username = "koppel@example.nl"
    public var apiKey = "koppel-factuursturen-key"
    /// "A maximum of 60 invoices an hour" (manual 004 §4); no official number found (§4.3). REIN calls
    /// `X-RateLimit-Remaining` the remaining API *calls* for this hour, so by default every request counts
    /// [Guess: the manual's 60 read as a budget of calls]. Tests scale it with `--rate-limit`/`--rate-window`.
    public var rateLimit = 60
    /// [Guess] An hour from the first request of the window; no reset header is known (§4.3).
    public var rateWindow: TimeInterval = 3600
    /// When true only `POST /invoices` spends the budget (the manual's "60 invoices an hour") [Guess].
    public var rateCountsOnlyInvoiceCreates = false
    /// `GET invoices/{unknown}` (and `clients/{unknown}`) answered with the whole list, 200 [C-one: FSAPI
    /// `invoice_spec.rb`]; REIN maps a 404 instead [C-one]. When false: 404 with a plain-text body.
    public var unknownAnswersWholeList = true
    /// Totals and flags at the top level as strings ("10.92", "true", "0") [C-multi: FSAPI, JFS fixtures];
    /// when false, JSON numbers.
    public var numbersAsStrings = true
    /// An empty `lines` or `history` as `[]`, not `{}` [C-one: JFS `legacyListInvoiceResponse.json`].
    public var emptyCollectionsAsArrays = true
    /// Page size of `GET invoices` without `count`: "default is 100" [C-one: HSPY].
    public var defaultPageSize = 100
    public var faults = FactuursturenFaultSettings()

    public init() {}
}
