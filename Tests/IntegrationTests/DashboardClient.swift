import Foundation
import KoppelHTTP

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
            HTTPRequest(method: method, url: stack.endpoint + "/app/api/" + path, headers: headers, body: body, timeout: 60))
    }

    /// Logs in; on success keeps the cookie and the CSRF token.
    mutating func login(_ email: String, _ password: String, headers: [(name: String, value: String)] = []) throws -> HTTPResponse {
        let response = try call("POST", "login", json: ["email": email, "password": password], headers: headers)
        if response.status == 200 {
            let setCookie = response.header("set-cookie") ?? ""
            cookie = setCookie.split(separator: ";").first.map { String($0.dropFirst("koppel_session=".count)) }
            csrfToken = try answerObject(response)["csrf_token"] as? String
        }
        return response
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
