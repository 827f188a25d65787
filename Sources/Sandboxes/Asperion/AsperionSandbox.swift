import Foundation
import SandboxSupport

/// The state of one sandbox run: its books, request budget, fault switches and counters.
final class AsperionSandbox: Sendable {
    let configuration: AsperionSandboxConfiguration
    let books = AsperionBooks()
    let limiter: AsperionRateLimiter
    let faults: AsperionFaultSwitches
    let stats = AsperionRequestStats()

    init(configuration: AsperionSandboxConfiguration) {
        self.configuration = configuration
        limiter = AsperionRateLimiter(limit: configuration.rateLimit, window: configuration.rateWindow)
        faults = AsperionFaultSwitches(configuration.faults)
    }

    func tenant(_ id: Int) -> AsperionSandboxTenant? { configuration.tenants.first { $0.id == id } }

    /// Whether `token` may read `tenant` over REST: the API token reads every administration; an
    /// administration's license code reads that one [sandbox choice: koppel holds only the license code
    /// (issue 17), and the real token comes from an OAuth2 flow the sandbox does not serve].
    func tokenReads(_ token: String?, tenant: Int) -> Bool {
        guard let token, let tenant = self.tenant(tenant) else { return false }
        let byAPIToken = constantTimeEquals(token, configuration.apiToken)
        let byLicense = constantTimeEquals(token, tenant.licenseCode)
        return byAPIToken || byLicense
    }

    /// Whether `token` is any credential of this sandbox (so a valid token for another tenant is a 403, not a 401).
    func knowsToken(_ token: String?) -> Bool {
        guard let token else { return false }
        var known = constantTimeEquals(token, configuration.apiToken)
        for tenant in configuration.tenants where constantTimeEquals(token, tenant.licenseCode) { known = true }
        return known
    }

    /// `/v1` authentication: a known bearer token (401), an integer `X-Tenant-Id` (400), a token that
    /// reads that administration (403) [C-multi: HELP api.aspx, GOASP for the header; the statuses are a GUESS].
    func authenticate(_ request: AsperionRequest) throws(AsperionProblem) -> Int {
        guard knowsToken(request.bearerToken) else { throw .unauthorized(realm: "asperion") }
        guard let header = request.tenantHeader?.trimmingCharacters(in: .whitespaces), !header.isEmpty else {
            throw .badRequest("The X-Tenant-Id header is required", field: "X-Tenant-Id")
        }
        guard let tenant = Int(header) else {
            throw .badRequest("X-Tenant-Id must be an administration id (a whole number)", field: "X-Tenant-Id")
        }
        guard tokenReads(request.bearerToken, tenant: tenant) else {
            throw .forbidden("No access to administration \(tenant)")
        }
        return tenant
    }

    /// The upload's credential: the administration's license code as `Authorization: Bearer` [sandbox
    /// choice: the real delivery channel is not public (§3.1)]. An unknown administration answers as a
    /// wrong code does, so the answer tells nothing about which exist.
    func authenticateUpload(_ request: AsperionRequest, tenant text: String) throws(AsperionProblem)
        -> AsperionSandboxTenant
    {
        let token = request.bearerToken ?? ""
        var matched: AsperionSandboxTenant?
        for tenant in configuration.tenants
        where constantTimeEquals(token, tenant.licenseCode) && String(tenant.id) == text {
            matched = tenant
        }
        guard let matched else { throw .unauthorized(realm: "asperion-import") }
        return matched
    }

    /// Imports every waiting file (or only `name` of `tenant`), in upload order; returns those imported.
    func importWaiting(tenant: Int? = nil, name: String? = nil) throws(AsperionProblem) -> [AsperionDeliveredFile] {
        let importer = AsperionImporter(tenants: configuration.tenants)
        let now = AsperionBooks.timestamp()
        return try books.withState { state throws(AsperionProblem) in
            var imported: [AsperionDeliveredFile] = []
            if let name {
                guard
                    let index = state.files.firstIndex(where: {
                        $0.name == name && (tenant == nil || $0.tenant == tenant)
                    })
                else {
                    throw .notFound("No file \(name)")
                }
                if importer.importFile(at: index, in: &state, now: now) { imported.append(state.files[index]) }
                return imported
            }
            for index in state.files.indices where tenant == nil || state.files[index].tenant == tenant {
                if importer.importFile(at: index, in: &state, now: now) { imported.append(state.files[index]) }
            }
            return imported
        }
    }

    /// Empties the books, restarts the budget, counters and faults.
    func reset() {
        books.reset()
        limiter.reset()
        faults.reset()
        stats.reset()
    }
}
