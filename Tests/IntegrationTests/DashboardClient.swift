import Foundation
import KoppelHTTP

/// koppel-web beside a test stack, on the socket nginx forwards `/app/api/` to (`web.sock` in the
/// stack's folder, etc/nginx/koppel.conf.in); stopped when released.
final class KoppelWebProcess {
    let process = Process()
    let logPath: String

    init(_ stack: Stack, arguments: [String] = []) throws {
        logPath = stack.folder.appendingPathComponent("koppel-web.log").path
        process.executableURL = Stack.binaries.appendingPathComponent("koppel-web")
        process.arguments = [
            "--listen", stack.folder.appendingPathComponent("web.sock").path, "--socket-mode", "600",
            "--database", stack.databasePath, "--master-key", stack.masterKeyPath,
            "--reports", stack.folder.appendingPathComponent("reports").path, "--log-level", "info",
        ] + arguments
        _ = FileManager.default.createFile(atPath: logPath, contents: nil)
        let log = FileHandle(forWritingAtPath: logPath)
        process.standardError = log
        process.standardOutput = log
        try process.run()
        try waitUntilReady(stack)
    }

    deinit {
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
    }

    /// Ready when koppel-web itself answers through nginx: 401 for a request without a session.
    private func waitUntilReady(_ stack: Stack) throws {
        do {
            try waitUntil(stack.endpoint + "/app/api/session", answers: 401, or: "koppel-web did not come up; see \(logPath)")
        } catch {
            process.terminate()
            throw error
        }
    }
}

/// A browser's side of the dashboard's API, through nginx: keeps the session cookie and the CSRF
/// token a login gave.
struct DashboardClient {
    let stack: Stack
    var cookie: String?
    var csrfToken: String?

    init(_ stack: Stack) {
        self.stack = stack
    }

    /// Calls `/app/api/PATH`, with the cookie and the CSRF token unless told otherwise.
    func call(
        _ method: String, _ path: String, json: [String: Any]? = nil, sendCSRF: Bool = true,
        headers extra: [(name: String, value: String)] = []
    ) throws -> HTTPResponse {
        var headers = extra
        if let cookie { headers.append(("Cookie", "koppel_session=\(cookie)")) }
        if sendCSRF, let csrfToken { headers.append(("X-CSRF-Token", csrfToken)) }
        var body: Data?
        if let json {
            body = try JSONSerialization.data(withJSONObject: json)
            headers.append(("Content-Type", "application/json"))
        }
        return try CurlHTTPClient().perform(
            HTTPRequest(
                method: method, url: stack.endpoint + "/app/api/" + path, headers: headers, body: body, timeout: 60))
    }

    /// Logs in; on success keeps the cookie and the CSRF token.
    mutating func login(_ email: String, _ password: String, headers: [(name: String, value: String)] = []) throws
        -> HTTPResponse
    {
        let response = try call("POST", "login", json: ["email": email, "password": password], headers: headers)
        if response.status == 200 {
            let setCookie = response.header("set-cookie") ?? ""
            cookie = setCookie.split(separator: ";").first.map { String($0.dropFirst("koppel_session=".count)) }
            csrfToken = try answerObject(response)["csrf_token"] as? String
        }
        return response
    }

    /// Accepts the current Algemene Voorwaarden and AVG as the page does (the versions from `GET
    /// terms`): before it no configuration change is taken.
    func acceptTerms() throws {
        let terms = try answerObject(try call("GET", "terms"))
        let versions = try ["voorwaarden", "avg"].map { document in
            guard let version = (terms[document] as? [String: Any])?["version"] as? String else {
                throw StackError(description: "no version of \(document) in \(terms)")
            }
            return (document, version)
        }
        let accepted = try call("POST", "terms", json: Dictionary(uniqueKeysWithValues: versions))
        guard accepted.status == 200 else { throw StackError(description: "terms: \(accepted.status) \(accepted.text)") }
    }
}

/// The JSON object of an answer.
func answerObject(_ response: HTTPResponse) throws -> [String: Any] {
    guard let value = try JSONSerialization.jsonObject(with: response.body) as? [String: Any] else {
        throw StackError(description: "not a JSON object: \(response.text)")
    }
    return value
}

extension Stack {
    var environment: [String: String] { ["KOPPEL_DATABASE": databasePath, "KOPPEL_MASTER_KEY": masterKeyPath] }

    /// `koppel user add` and `attach`, as an operator runs them.
    func addUser(_ email: String, password: String, licenses: [String]) throws {
        let added = try runProgram("koppel", ["user", "add", email], input: password + "\n", environment: environment)
        guard added.status == 0 else { throw StackError(description: "user add: \(added.errors)") }
        for license in licenses {
            let attached = try runProgram("koppel", ["user", "attach", email, license], environment: environment)
            guard attached.status == 0 else { throw StackError(description: "user attach: \(attached.errors)") }
        }
    }
}
