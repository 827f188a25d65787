import Foundation
import KoppelStore
import Logging

/// De Algemene Voorwaarden en de AVG: the first time an owner opens Configuratie they accept
/// both; until then no configuration change is taken (reads stay allowed). The texts are
/// www/voorwaarden.html and www/avg.html; their versions are koppel-web's `--terms-version` and
/// `--privacy-version`, so a new text asks every owner again.
extension DashboardAPI {
    public struct TermsVersions: Sendable {
        public static let voorwaarden = "voorwaarden"
        public static let avg = "avg"
        /// The versions of the placeholder texts in www/.
        public static let defaultVersion = "2026-12-01"

        public var voorwaarden: String
        public var avg: String

        public init(voorwaarden: String = defaultVersion, avg: String = defaultVersion) {
            self.voorwaarden = voorwaarden
            self.avg = avg
        }

        var byDocument: [String: String] { [Self.voorwaarden: voorwaarden, Self.avg: avg] }
    }

    struct TermsDocumentJSON: Encodable {
        var version: String
        var url: String
        var acceptedAt: Int64?
    }

    struct TermsJSON: Encodable {
        var accepted: Bool
        var voorwaarden: TermsDocumentJSON
        var avg: TermsDocumentJSON
    }

    /// The versions the page showed: both must be the current ones.
    struct TermsForm: Decodable {
        var voorwaarden: String
        var avg: String
    }

    func termsRoute(_ request: WebRequest, session: WebSession) throws -> WebAnswer {
        switch request.method {
        case "GET": return try terms(session)
        case "POST":
            let form = try request.decode(TermsForm.self)
            let current = settings.terms
            guard form.voorwaarden == current.voorwaarden, form.avg == current.avg else {
                throw WebError.termsChanged
            }
            try database.acceptTerms(userID: session.userID, versions: current.byDocument, now: clock())
            logger.info(
                "dashboard terms accepted",
                metadata: ["user": "\(session.userID)", "voorwaarden": "\(current.voorwaarden)", "avg": "\(current.avg)"])
            return try terms(session)
        default: throw WebError.methodNotAllowed
        }
    }

    private func terms(_ session: WebSession) throws -> WebAnswer {
        let current = settings.terms
        let accepted = try database.acceptedTerms(userID: session.userID, versions: current.byDocument)
        return try WebAnswer.json(
            TermsJSON(
                accepted: accepted.count == 2,
                voorwaarden: .init(
                    version: current.voorwaarden, url: "/voorwaarden.html", acceptedAt: accepted[TermsVersions.voorwaarden]),
                avg: .init(version: current.avg, url: "/avg.html", acceptedAt: accepted[TermsVersions.avg])))
    }

    /// Before any configuration change: both current texts accepted by the session's user.
    func requireTermsAccepted(_ session: WebSession) throws {
        let accepted = try database.acceptedTerms(userID: session.userID, versions: settings.terms.byDocument)
        guard accepted.count == 2 else { throw WebError.termsNotAccepted }
    }
}

extension WebError {
    static let termsNotAccepted = WebError(
        status: 403, code: "terms_not_accepted",
        message: "Accepteer eerst de Algemene Voorwaarden en de AVG (in Configuratie); daarna kun je de koppeling instellen.")
    static let termsChanged = WebError(
        status: 409, code: "terms_changed",
        message: "De voorwaarden zijn intussen gewijzigd. Laad de pagina opnieuw en lees de nieuwe versie.")
}
