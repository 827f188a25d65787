import Foundation
import KoppelHTTP
import Testing

@Suite struct MinoxOAuthTests {
    private static let scope = "administration:read customer:read customer:write ledger_account:read journal:read vat:read transaction:read transaction:write"

    private func code(_ sandbox: MinoxSandboxProcess, scope: String = scope) throws -> String {
        let query = "client_id=\(MinoxSandboxProcess.clientID)&redirect_uri=http%3A%2F%2Fshop.test%2Fback&response_type=code&scope=\(scope.replacingOccurrences(of: " ", with: "+"))&state=xyz"
        let response = try sandbox.call("GET", "\(sandbox.base)/oauth/authorize?\(query)", token: nil)
        #expect(response.status == 302)
        let location = try #require(response.header("location"))
        #expect(location.hasPrefix("http://shop.test/back?code="))
        #expect(location.hasSuffix("&state=xyz"))
        let code = location.split(separator: "=")[1].split(separator: "&")[0]
        return String(code)
    }

    private func basic() -> (name: String, value: String) {
        ("Authorization", "Basic " + Data("\(MinoxSandboxProcess.clientID):\(MinoxSandboxProcess.clientSecret)".utf8).base64EncodedString())
    }

    @Test func codeExchangeWithJSONBodyAndRefreshWithBasicCredentials() throws {
        let sandbox = try MinoxSandboxProcess()
        let code = try code(sandbox)
        let exchange = try sandbox.call(
            "POST", "\(sandbox.base)/oauth/token",
            json: #"{"grant_type": "authorization_code", "client_id": "\#(MinoxSandboxProcess.clientID)", "client_secret": "\#(MinoxSandboxProcess.clientSecret)", "code": "\#(code)", "redirect_uri": "http://shop.test/back"}"#,
            token: nil)
        #expect(exchange.status == 200, "\(exchange.text)")
        let tokens = try JSON.object(exchange)
        #expect(tokens["expires_in"] as? Int == 3600)
        let access = try #require(tokens["access_token"] as? String)
        let refresh = try #require(tokens["refresh_token"] as? String)
        #expect(try sandbox.call("GET", "\(sandbox.base)/api/1/tenant/100001/administration", token: access).status == 200)
        // A code is used once.
        let again = try sandbox.call(
            "POST", "\(sandbox.base)/oauth/token",
            json: #"{"grant_type": "authorization_code", "client_id": "\#(MinoxSandboxProcess.clientID)", "client_secret": "\#(MinoxSandboxProcess.clientSecret)", "code": "\#(code)"}"#,
            token: nil)
        #expect(again.status == 400)

        let refreshed = try sandbox.call(
            "POST", "\(sandbox.base)/oauth/token", json: #"{"grant_type": "refresh_token", "refresh_token": "\#(refresh)"}"#, token: nil,
            headers: [basic()])
        #expect(refreshed.status == 200, "\(refreshed.text)")
        let newAccess = try #require(try JSON.object(refreshed)["access_token"] as? String)
        #expect(newAccess != access)
        #expect(try sandbox.call("GET", "\(sandbox.base)/api/1/tenant/100001/administration", token: access).status == 401)
        #expect(try sandbox.call("GET", "\(sandbox.base)/api/1/tenant/100001/administration", token: newAccess).status == 200)

        // Expired tokens answer 401 with a message.
        #expect(try sandbox.call("POST", "\(sandbox.base)/sandbox/oauth/expire", token: nil).status == 200)
        let expired = try sandbox.call("GET", "\(sandbox.base)/api/1/tenant/100001/administration", token: newAccess)
        #expect(expired.status == 401)
        #expect(try JSON.object(expired)["message"] as? String == "The access token has expired")
    }

    @Test func wrongClientSecretIsRefused() throws {
        let sandbox = try MinoxSandboxProcess()
        let code = try code(sandbox)
        let response = try sandbox.call(
            "POST", "\(sandbox.base)/oauth/token",
            json: #"{"grant_type": "authorization_code", "client_id": "\#(MinoxSandboxProcess.clientID)", "client_secret": "wrong", "code": "\#(code)"}"#,
            token: nil)
        #expect(response.status == 401)
    }

    @Test func inspectNamesTheTenantsAndScopesAreEnforced() throws {
        let sandbox = try MinoxSandboxProcess()
        let code = try code(sandbox, scope: "administration:read customer:read")
        let exchange = try sandbox.call(
            "POST", "\(sandbox.base)/oauth/token", json: #"{"grant_type": "authorization_code", "code": "\#(code)"}"#, token: nil,
            headers: [basic()])
        let access = try #require(try JSON.object(exchange)["access_token"] as? String)

        let inspected = try sandbox.call("POST", "\(sandbox.base)/api/1/inspect", json: #"{"token": "\#(access)"}"#, token: nil, headers: [basic()])
        #expect(inspected.status == 200, "\(inspected.text)")
        let tenants = try #require(try JSON.object(inspected)["linked_tenants"] as? [[String: Any]])
        #expect(tenants.map { $0["tenant_id"] as? Int } == [MinoxSandboxProcess.tenant])
        #expect(try sandbox.call("POST", "\(sandbox.base)/api/1/inspect", json: #"{"token": "\#(access)"}"#, token: nil).status == 401)

        let administrations = try sandbox.call("GET", "\(sandbox.base)/api/1/tenant/100001/administration", token: access)
        #expect(try JSON.collection(administrations).map { $0["id"] as? Int } == [MinoxSandboxProcess.administration])
        // Granted customer:read only: writing a journal entry is forbidden.
        let put = try sandbox.call(
            "PUT", "\(sandbox.api)/transaction_line_batch/\(UUID().uuidString.lowercased())", json: "[]", token: access)
        #expect(put.status == 403)
        #expect(try sandbox.call("GET", "\(sandbox.base)/api/1/tenant/999/administration", token: access).status == 403)
    }
}
