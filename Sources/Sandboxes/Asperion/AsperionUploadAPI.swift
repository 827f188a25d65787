import Crypto
import Foundation
import SandboxSupport

/// The delivery channel: `/sandbox-import/{tenant}/files/…`. Asperion's real channel ("in je Asperion
/// omgeving klaargezet", manual 003 §2, §7) is not public (§3.1), so this small HTTP upload is the
/// sandbox's own [sandbox choice, each route]:
///
/// - `PUT` (or `POST`) `/sandbox-import/{tenant}/files/{name}`, the aXML bytes as body, the license code as
///   `Authorization: Bearer`: 201 with the file's report when new; the same name with the same bytes again
///   is a no-op, 200; the same name with other bytes 409; bytes that are no valid aXML 422 with every
///   violation under its path, and nothing kept.
/// - `GET /sandbox-import/{tenant}/files`: the delivered files, newest last.
/// - `GET /sandbox-import/{tenant}/files/{name}`: the bytes as delivered (`application/xml`).
/// - `GET /sandbox-import/{tenant}/files/{name}/report`: per order imported (invoice, debtor) or rejected
///   (reason); `status` `waiting` until the import ran.
struct AsperionUploadAPI {
    let sandbox: AsperionSandbox

    /// The counter name of an upload route: `PUT /sandbox-import/{tenant}/files/{name}`.
    static func endpoint(method: String, path: [String]) -> String {
        let names = path.enumerated().map { index, part in
            switch index {
            case 0: "{tenant}"
            case 2: "{name}"
            default: part
            }
        }
        return "\(method) /sandbox-import/" + names.joined(separator: "/")
    }

    /// A file name: letters, digits, `.`, `_`, `-`, ending in `.xml`, at most 128 characters.
    static func isValidName(_ name: String) -> Bool {
        guard (5...128).contains(name.count), name.lowercased().hasSuffix(".xml"),
            let first = name.unicodeScalars.first,
            first.isASCII, CharacterSet.alphanumerics.contains(first)
        else { return false }
        return name.unicodeScalars.allSatisfy {
            $0.isASCII && (CharacterSet.alphanumerics.contains($0) || "._-".unicodeScalars.contains($0))
        }
    }

    func route(_ request: AsperionRequest) throws(AsperionProblem) -> AsperionAnswer {
        guard let tenantText = request.path.first, request.path.count >= 2, request.path[1] == "files" else {
            throw .notFound()
        }
        let tenant = try sandbox.authenticateUpload(request, tenant: tenantText)
        switch (request.method, Array(request.path.dropFirst(2))) {
        case ("GET", []):
            let files = try sandbox.books.withState { state throws(AsperionProblem) in
                state.files.filter { $0.tenant == tenant.id }
            }
            return .ok(
                .object([
                    ("administrationId", .int(tenant.id)), ("files", .array(files.map(AsperionRendering.fileSummary))),
                ]))
        case ("PUT", let rest) where rest.count == 1, ("POST", let rest) where rest.count == 1:
            return try upload(request.body, name: rest[0], tenant: tenant)
        case ("GET", let rest) where rest.count == 1:
            return AsperionAnswer(status: 200, body: .xml(try file(rest[0], tenant: tenant.id).bytes))
        case ("GET", let rest) where rest.count == 2 && rest[1] == "report":
            return .ok(AsperionRendering.report(try file(rest[0], tenant: tenant.id)))
        case (_, let rest) where rest.count <= 2:
            throw AsperionProblem(
                status: 405, title: "Method Not Allowed", detail: "Use PUT to deliver a file, GET to read one")
        default: throw .notFound()
        }
    }

    private func file(_ name: String, tenant: Int) throws(AsperionProblem) -> AsperionDeliveredFile {
        let found = try sandbox.books.withState { state throws(AsperionProblem) in
            state.files.first { $0.tenant == tenant && $0.name == name }
        }
        guard let found else { throw .notFound("No file \(name)") }
        return found
    }

    private func upload(_ bytes: Data, name: String, tenant: AsperionSandboxTenant) throws(AsperionProblem)
        -> AsperionAnswer
    {
        guard Self.isValidName(name) else {
            throw .badRequest(
                "The file name must be letters, digits, '.', '_' or '-', end in .xml, at most 128 characters",
                field: "name")
        }
        guard bytes.count <= sandbox.configuration.maximumFileBytes else {
            throw .tooLarge("A file may have at most \(sandbox.configuration.maximumFileBytes) bytes")
        }
        if let answer = try repeated(bytes, name: name, tenant: tenant.id) { return answer }
        let orders: [AsperionFileEntry]
        switch AsperionFileReader.read(bytes, orderByOrder: sandbox.configuration.brokenOrders == .rejectOrder) {
        case .failure(let violations): throw .invalidFile(violations.list)
        case .success(let read): orders = read
        }
        let digest = SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
        let now = AsperionBooks.timestamp()
        let importer = AsperionImporter(tenants: sandbox.configuration.tenants)
        let automatic = sandbox.configuration.importMode == .auto
        let stored = try sandbox.books.withState { state throws(AsperionProblem) -> AsperionDeliveredFile? in
            // Looked up again under the lock: a second upload of the same name may have come in meanwhile.
            if state.files.contains(where: { $0.tenant == tenant.id && $0.name == name }) { return nil }
            state.files.append(
                AsperionDeliveredFile(
                    tenant: tenant.id, name: name, bytes: bytes, sha256: digest, uploadedAt: now, orders: orders))
            if automatic { importer.importFile(at: state.files.count - 1, in: &state, now: now) }
            return state.files[state.files.count - 1]
        }
        guard let stored else { return try repeated(bytes, name: name, tenant: tenant.id)! }
        return .created(AsperionRendering.report(stored))
    }

    /// The answer to a name delivered before: 200 with its report when the bytes are the same, 409 when not.
    private func repeated(_ bytes: Data, name: String, tenant: Int) throws(AsperionProblem) -> AsperionAnswer? {
        let existing = try sandbox.books.withState { state throws(AsperionProblem) in
            state.files.first { $0.tenant == tenant && $0.name == name }
        }
        guard let existing else { return nil }
        guard existing.bytes == bytes else {
            throw .conflict(
                "A different file named \(name) was delivered before (sha256 \(existing.sha256)); a delivered file is never replaced"
            )
        }
        return .ok(AsperionRendering.report(existing))
    }
}
