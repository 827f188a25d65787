import Foundation
import KoppelHTTP
import Testing

@Suite struct AuthenticationTests {
    @Test func authorizationCodeExchangeAndRefresh() throws {
        let sandbox = try SandboxProcess(["--token-lifetime", "600"])
        let redirect = "http://127.0.0.1/callback"
        let authorize = try sandbox.call(
            "GET",
            "\(sandbox.base)/oauth/authorize?client_id=\(SandboxProcess.clientID)&redirect_uri=\(redirect)&response_type=code&scope=sales_invoices+settings&state=s1",
            token: nil)
        #expect(authorize.status == 302)
        let location = try #require(authorize.header("Location"))
        #expect(location.hasPrefix(redirect + "?code="))
        #expect(location.hasSuffix("&state=s1"))
        let code = try #require(URLComponents(string: location)?.queryItems?.first { $0.name == "code" }?.value)

        let form =
            "grant_type=authorization_code&code=\(code)&client_id=\(SandboxProcess.clientID)&client_secret=\(SandboxProcess.clientSecret)&redirect_uri=\(redirect)"
        let token = try sandbox.call("POST", "\(sandbox.base)/oauth/token", form: form, token: nil)
        #expect(token.status == 200)
        let grant = try JSON.object(token)
        #expect(grant["token_type"] as? String == "bearer")
        #expect(grant["expires_in"] as? Int == 600)
        #expect(grant["scope"] as? String == "sales_invoices settings")
        #expect((grant["created_at"] as? Int ?? 0) > 1_700_000_000)
        let access = try #require(grant["access_token"] as? String)
        let refresh = try #require(grant["refresh_token"] as? String)

        let administrations = try sandbox.call("GET", "\(sandbox.base)/api/v2/administrations.json", token: access)
        #expect(administrations.status == 200)
        let first = try #require(try JSON.array(administrations).first)
        #expect(first["id"] as? String == SandboxProcess.administration)
        #expect(first["currency"] as? String == "EUR")

        // A code is good for one exchange only.
        let again = try sandbox.call("POST", "\(sandbox.base)/oauth/token", form: form, token: nil)
        #expect(again.status == 400)
        #expect(try JSON.object(again)["error"] as? String == "invalid_grant")

        _ = try sandbox.call("POST", "\(sandbox.base)/sandbox/oauth/expire", token: nil)
        let expired = try sandbox.call("GET", "\(sandbox.api)/tax_rates.json", token: access)
        #expect(expired.status == 401)
        #expect(try JSON.object(expired)["error"] as? String == "Token is expired")

        let refreshForm =
            "grant_type=refresh_token&refresh_token=\(refresh)&client_id=\(SandboxProcess.clientID)&client_secret=\(SandboxProcess.clientSecret)"
        let refreshed = try sandbox.call("POST", "\(sandbox.base)/oauth/token", form: refreshForm, token: nil)
        #expect(refreshed.status == 200)
        let newAccess = try #require(try JSON.object(refreshed)["access_token"] as? String)
        #expect(newAccess != access)
        #expect(try sandbox.call("GET", "\(sandbox.api)/tax_rates.json", token: newAccess).status == 200)
        // The used refresh token is spent.
        #expect(try sandbox.call("POST", "\(sandbox.base)/oauth/token", form: refreshForm, token: nil).status == 400)
        // A wrong secret is refused as the client's fault.
        let wrong = try sandbox.call(
            "POST", "\(sandbox.base)/oauth/token",
            form: "grant_type=refresh_token&refresh_token=x&client_id=\(SandboxProcess.clientID)&client_secret=nope",
            token: nil)
        #expect(wrong.status == 401)
        #expect(try JSON.object(wrong)["error"] as? String == "invalid_client")
    }

    @Test func bearerRefusals() throws {
        let sandbox = try SandboxProcess()
        let missing = try sandbox.call("GET", "\(sandbox.api)/contacts.json", token: nil)
        #expect(missing.status == 401)
        #expect(missing.text == #"{"error":"No access token provided","symbolic":{"access_token":"missing"}}"#)
        let unknown = try sandbox.call("GET", "\(sandbox.api)/contacts", token: "made-up")
        #expect(unknown.status == 401)
        #expect(try JSON.object(unknown)["error"] as? String == "Token is invalid")
        #expect(unknown.header("RateLimit-Limit") == "150")

        // A token granted only `bank` may read contacts but not sales invoices.
        let authorize = try sandbox.call(
            "GET",
            "\(sandbox.base)/oauth/authorize?client_id=\(SandboxProcess.clientID)&redirect_uri=urn:ietf:wg:oauth:2.0:oob&response_type=code&scope=bank",
            token: nil)
        let code = try #require(try JSON.object(authorize)["code"] as? String)
        let grant = try sandbox.call(
            "POST", "\(sandbox.base)/oauth/token",
            json: #"{"grant_type": "authorization_code", "code": "\#(code)", "client_id": "\#(SandboxProcess.clientID)", "client_secret": "\#(SandboxProcess.clientSecret)", "redirect_uri": "urn:ietf:wg:oauth:2.0:oob"}"#,
            token: nil)
        let access = try #require(try JSON.object(grant)["access_token"] as? String)
        #expect(try sandbox.call("GET", "\(sandbox.api)/contacts", token: access).status == 200)
        let refused = try sandbox.call("GET", "\(sandbox.api)/sales_invoices", token: access)
        #expect(refused.status == 401)
        #expect(refused.text == #"{"error":"No access to sales_invoices"}"#)
    }
}
