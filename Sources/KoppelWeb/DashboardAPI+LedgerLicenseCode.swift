import Foundation
import KoppelAdmin
import KoppelCore
import KoppelStore
import Ledger
import LedgerProviders
import Logging

/// "Koppel met <ledger>" for a ledger connected with a license code (Asperion): the administration
/// number and the code in a form, the dashboard password again. Manual 003 §4: the code cannot be
/// checked in advance, so it is stored without asking the ledger (`KoppelAdmin.LedgerLicenseCodeConnecting`),
/// sealed as `koppel ledger connect` stores it, and never shown back or logged.
extension DashboardAPI {
    struct LedgerLicenseCodeForm: Decodable {
        var administration: String
        var licenseCode: String
        var password: String
    }

    func ledgerLicenseCodeRoute(_ request: WebRequest, connection listing: ConnectionListing, session: WebSession) async throws
        -> WebAnswer
    {
        guard let connection = try database.connection(license: listing.license) else { throw WebError.notFound }
        let provider = try LedgerProviders.provider(for: connection.ledger)
        guard provider.connectionMethod == .licenseCode else { throw WebError.notFound }
        let form = try Self.decodeSnakeCase(LedgerLicenseCodeForm.self, request)
        let administration = form.administration.trimmingCharacters(in: .whitespacesAndNewlines)
        let licenseCode = form.licenseCode.trimmingCharacters(in: .whitespacesAndNewlines)
        if let problem = LedgerLicenseCodeConnecting.problem(administration: administration, licenseCode: licenseCode) {
            throw WebError.invalidField(problem.field, problem.dutch)
        }
        try await confirmPassword(form.password, request: request, session: session)
        let connecting = LedgerLicenseCodeConnecting(
            database: database, sealer: SecretSealer(masterKey: try MasterKey.load(from: masterKeyPath)))
        do {
            try connecting.connect(
                connection, baseURL: tokenLedgerAddress(provider), administration: administration, licenseCode: licenseCode, now: clock())
        } catch let problem as ConfigurationError {
            throw WebError.invalidField(problem.field, problem.dutch)
        } catch is AdminError {
            throw WebError.administrationShared
        }
        logger.info(
            "ledger connected", metadata: ["user": "\(session.userID)", "connection": "\(connection.id)", "ledger": "\(provider.kind.rawValue)"])
        let name = provider.kind.displayName
        return try WebAnswer.json([
            "message": "De licentiecode is opgeslagen voor administratie \(administration). koppel zet de bestellingen voortaan "
                + "dagelijks klaar in \(name); of de code klopt, blijkt bij de eerste levering."
        ])
    }
}
