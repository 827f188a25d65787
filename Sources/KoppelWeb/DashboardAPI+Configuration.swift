import Booking
import Foundation
import KoppelAdmin
import KoppelCore
import KoppelStore
import LedgerProviders
import Logging

/// Configuratie: everything the tab shows in one answer, an edit per section through
/// `ConnectionConfiguration` (the validation and transactions `koppel config` uses), and
/// "Vernieuwen" of the ledger's reference data.
extension DashboardAPI {
    func configurationRoute(_ request: WebRequest, connection listing: ConnectionListing, rest: [String]) async throws
        -> WebAnswer
    {
        guard let connection = try database.connection(license: listing.license) else { throw WebError.notFound }
        let edit = ConnectionConfiguration(database: database, connection: connection, now: clock())
        do {
            switch (request.method, rest) {
            case ("GET", ["configuration"]): return try configuration(edit)
            case ("PUT", ["configuration", "statuses"]):
                let body = try Self.decodeSnakeCase(StatusesBody.self, request)
                try edit.setStatuses(booked: body.booked, cancelled: body.cancelled)
                return try saved("De orderstatussen zijn opgeslagen.")
            case ("PUT", ["configuration", "vat"]):
                let body = try Self.decodeSnakeCase(VATBody.self, request)
                if let entries = body.entries {
                    try edit.setVATTable(try entries.enumerated().map { try Self.entry($1, field: "entries[\($0)].scope") })
                } else if let scope = body.scope, let basisPoints = body.basisPoints {
                    try edit.setVATEntry(
                        try Self.entry(
                            VATEntryJSON(
                                scope: scope, basisPoints: basisPoints, vatCode: body.vatCode ?? "",
                                revenueAccount: body.revenueAccount ?? ""), field: "scope"))
                } else {
                    throw WebError.badRequest("Stuur de hele btw-tabel (entries) of één regel (scope, basis_points).")
                }
                return try saved("De btw-instellingen zijn opgeslagen.")
            case ("DELETE", ["configuration", "vat"]):
                try edit.resetVAT()
                return try saved("De btw-instellingen zijn verwijderd: alle tarieven staan weer op de standaard, zonder koppeling.")
            case ("PUT", ["configuration", "debtors"]):
                let body = try Self.decodeSnakeCase(DebtorsBody.self, request)
                try edit.setDebtors(body.debtors.filter { !$0.value.isEmpty })
                return try saved("De vaste debiteuren zijn opgeslagen.")
            case ("PUT", ["configuration", "ledger"]):
                try edit.setLedgerSettings(try Self.ledgerSettingChanges(request, of: connection))
                return try saved("De instellingen voor \(connection.ledger.displayName) zijn opgeslagen.")
            case ("PUT", ["configuration", "accounts"]):
                let body = try Self.decodeSnakeCase(AccountsBody.self, request)
                try edit.setAccounts(
                    .init(
                        giftVoucher: body.giftVoucher, storeCredit: body.storeCredit, rounding: body.rounding,
                        levy: body.levy,
                        roundingTolerance: try body.roundingTolerance.map(ConnectionConfiguration.roundingTolerance)))
                return try saved("De rekeningen zijn opgeslagen.")
            case ("PUT", ["configuration", "reconcile"]):
                let body = try Self.decodeSnakeCase(ReconcileBody.self, request)
                try edit.setReconcile(
                    tolerance: body.tolerance, notify: body.notifyEmails, mailWhenClean: body.mailWhenClean)
                return try saved("De controle-instellingen zijn opgeslagen.")
            case ("POST", ["ledger", "refresh"]):
                return try await refreshReference(connection)
            default:
                throw WebError.notFound
            }
        } catch let error as ConfigurationError {
            throw WebError.invalidField(error.field, error.dutch)
        }
    }

    /// The bodies' members in snake case, as the answers write them.
    static func decodeSnakeCase<T: Decodable>(_ type: T.Type, _ request: WebRequest) throws(WebError) -> T {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        do {
            return try decoder.decode(type, from: request.body)
        } catch {
            throw WebError.badRequest("De gegevens van het verzoek zijn niet leesbaar.")
        }
    }

    static func entry(_ json: VATEntryJSON, field: String) throws -> VATMapping.Entry {
        VATMapping.Entry(
            scope: try ConnectionConfiguration.scope(json.scope, field: field), basisPoints: json.basisPoints,
            vatCode: json.vatCode, revenueAccount: json.revenueAccount)
    }

    private func saved(_ message: String) throws -> WebAnswer {
        try WebAnswer.json(["message": message])
    }

    private func configuration(_ edit: ConnectionConfiguration) throws -> WebAnswer {
        let connection = edit.connection
        let configuration = try database.bookingConfiguration(connectionID: connection.id)
        let shop = try ShopChoices.read(connectionID: connection.id, shop: connection.shop, in: database)
        let pushes = try database.lastPushes(connectionID: connection.id)
        let connected = try database.ledgerAccess(connectionID: connection.id) != nil
        // The ledger's last call: the newest of the booking runs and the reference reads.
        let lastCall = try database.lastRuns(connectionID: connection.id).filter { ["sync", "ledger"].contains($0.job) }
            .max { $0.at < $1.at }
        let reference = try LedgerReferenceCopy.stored(connectionID: connection.id, in: database)
        let mapping = configuration.vatMapping ?? VATMapping.defaults(shopCountry: shop.country ?? "NL")
        let ledgerSettings = try edit.ledgerSettings()
        let reconcile = try database.reconcileSettings(connectionID: connection.id)
        func choices(_ entries: [LedgerReferenceCopy.Entry]) -> [ChoiceJSON] {
            entries.map { ChoiceJSON(id: $0.id, name: $0.name, detail: $0.detail, country: $0.country) }
        }
        let ledgerStatus = !connected || lastCall?.problem != nil ? "red" : (lastCall == nil ? "unknown" : "green")
        let lastPush = [pushes.settingsAt, pushes.orderAt].compactMap { $0 }.max()
        let answer = ConfigurationJSON(
            shop: .init(
                status: pushes.settingsVersion == nil ? "red" : "green", lastPushAt: lastPush,
                settingsVersion: pushes.settingsVersion,
                statuses: shop.statuses.map { ChoiceJSON(id: $0.id, name: $0.name) },
                paymentMethods: shop.paymentMethods.map { ChoiceJSON(id: $0.id, name: $0.name) }),
            ledger: .init(
                ledger: connection.ledger.rawValue, name: connection.ledger.displayName, status: ledgerStatus,
                connected: connected, lastCallAt: lastCall?.at,
                problem: lastCall?.problem.map(Self.dutchLedgerProblem),
                reference: reference.map {
                    .init(
                        taxRates: choices($0.taxRates), revenueAccounts: choices($0.revenueAccounts),
                        liabilityAccounts: choices($0.liabilityAccounts), workflows: choices($0.workflows),
                        documentStyles: choices($0.documentStyles), journals: choices($0.journals), readAt: $0.readAt)
                }),
            missing: ConfigurationGaps.list(
                configuration, ledgerConnected: connected, ledgerSettings: try edit.missingLedgerSettings(), in: .dutch),
            statuses: .init(booked: configuration.bookedStatusIDs, cancelled: configuration.cancelStatusIDs),
            vat: .init(
                shopCountry: mapping.shopCountry,
                entries: mapping.entries.map {
                    VATEntryJSON(
                        scope: ConnectionConfiguration.scopeCode($0.scope), basisPoints: $0.basisPoints,
                        vatCode: $0.vatCode, revenueAccount: $0.revenueAccount)
                }),
            debtors: configuration.fixedDebtors,
            ledgerSettings: ledgerSettings.map { Self.ledgerSettingsJSON($0, reference: reference, paymentMethods: shop.paymentMethods) },
            accounts: .init(
                giftVoucher: mapping.accounts.giftVoucherLiability, storeCredit: mapping.accounts.storeCreditLiability,
                rounding: mapping.accounts.rounding, levy: mapping.accounts.levy,
                roundingTolerance: configuration.roundingTolerance.description),
            reconcile: .init(
                tolerance: reconcile.tolerance.description, notifyEmails: reconcile.notifyEmails,
                mailWhenClean: reconcile.mailWhenClean))
        return try WebAnswer.json(answer)
    }

    /// The last ledger call's problem as the owner reads it; koppel's own words follow.
    static func dutchLedgerProblem(_ problem: String) -> String {
        let lower = problem.lowercased()
        if lower.contains("unauthorized") || lower.contains("401") || lower.contains("expired") || lower.contains("token") {
            return "De boekhouding weigert de toegang: koppel de boekhouding opnieuw. (\(problem))"
        }
        return "De laatste aanroep van de boekhouding mislukte. (\(problem))"
    }

    /// "Vernieuwen": the ledger's lists read again through its adapter, then stored.
    private func refreshReference(_ connection: Connection) async throws -> WebAnswer {
        guard try database.ledgerAccess(connectionID: connection.id) != nil else {
            throw WebError(status: 409, code: "ledger_not_connected", message: "Koppel eerst de boekhouding.")
        }
        let database = database
        let masterKeyPath = masterKeyPath
        let now = clock()
        // Blocking HTTP to the ledger: off the server's event loops.
        let outcome = await Task.detached { () -> Result<Void, RefreshFailure> in
            do {
                let sealer = SecretSealer(masterKey: try MasterKey.load(from: masterKeyPath))
                let ledgers = LedgerFactory(
                    database: database, sealer: sealer, clients: try LedgerClientEnvironment.clients())
                try LedgerReferenceCopy.refresh(connection: connection, ledgers: ledgers, database: database, now: now)
                return .success(())
            } catch {
                return .failure(RefreshFailure(description: "\(error)"))
            }
        }.value
        switch outcome {
        case .success:
            return try saved("De gegevens uit de boekhouding zijn vernieuwd.")
        case .failure(let failure):
            logger.warning("ledger reference refresh failed", metadata: ["error": "\(failure.description)"])
            throw WebError(
                status: 502, code: "ledger_unavailable", message: Self.dutchLedgerProblem(failure.description))
        }
    }

    struct RefreshFailure: Error {
        var description: String
    }
}
