import Foundation
import KoppelHTTP
import Testing

/// Credentials of the REST read-back and of the upload: 401/400/403 as problem+json, never echoing a secret.
@Suite struct AsperionAuthTests {
    @Test func readsWithoutAValidBearerAre401ProblemsThatDoNotRepeatTheToken() throws {
        let sandbox = try AsperionSandboxProcess()
        let guessed = "guessed-token-SECRET-4711"
        for bearer in [nil, guessed, "\(AsperionSandboxProcess.apiToken)x"] {
            let response = try sandbox.call("GET", "\(sandbox.api)/salesinvoices", bearer: bearer)
            #expect(response.status == 401)
            #expect(response.header("content-type") == "application/problem+json")
            #expect(response.header("www-authenticate")?.hasPrefix("Bearer") == true)
            let problem = try JSON.object(response)
            #expect(problem["status"] as? Int == 401)
            #expect(problem["title"] as? String == "Unauthorized")
            #expect((problem["traceId"] as? String)?.isEmpty == false)
            #expect(!response.text.contains("guessed"))
            #expect(!response.text.contains(AsperionSandboxProcess.apiToken))
        }
        #expect(try sandbox.call("GET", "\(sandbox.api)/salesinvoices").status == 200)
    }

    @Test func theTenantHeaderIsRequiredAndALicenseReadsOnlyItsOwnAdministration() throws {
        let sandbox = try AsperionSandboxProcess()
        let missing = try sandbox.call("GET", "\(sandbox.api)/salesinvoices", tenant: nil)
        #expect(missing.status == 400)
        #expect(missing.header("content-type") == "application/problem+json")
        let errors = try #require(try JSON.object(missing)["errors"] as? [String: [String]])
        #expect(errors["X-Tenant-Id"]?.isEmpty == false)
        #expect(try sandbox.call("GET", "\(sandbox.api)/salesinvoices", tenant: "abc").status == 400)

        // The license code reads its own administration; another's is 403, an unknown one as well.
        let own = try sandbox.call("GET", "\(sandbox.api)/salesinvoices", bearer: AsperionSandboxProcess.license)
        #expect(own.status == 200, "\(own.text)")
        let other = try sandbox.call(
            "GET", "\(sandbox.api)/salesinvoices", bearer: AsperionSandboxProcess.license,
            tenant: String(AsperionSandboxProcess.otherTenant))
        #expect(other.status == 403)
        #expect(!other.text.contains(AsperionSandboxProcess.license))
        #expect(try sandbox.call("GET", "\(sandbox.api)/salesinvoices", tenant: "999999").status == 403)
        // The API token reads both.
        #expect(
            try sandbox.call("GET", "\(sandbox.api)/salesinvoices", tenant: String(AsperionSandboxProcess.otherTenant))
                .status == 200)

        let administrations = try JSON.list(
            try JSON.object(
                try sandbox.call("GET", "\(sandbox.api)/administrations", bearer: AsperionSandboxProcess.license)),
            "_data")
        #expect(administrations.map { $0["id"] as? Int } == [AsperionSandboxProcess.tenant])
        #expect(administrations.first?["name"] as? String == "Fietsen BV")
    }

    @Test func anUploadWithoutTheLicenseCodeIs401AndKeepsNothing() throws {
        let sandbox = try AsperionSandboxProcess()
        let xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Asperion/>"
        for license in ["WRONG-license-SECRET", AsperionSandboxProcess.otherLicense, AsperionSandboxProcess.apiToken] {
            let response = try sandbox.upload("orders-2026-03-01.xml", xml, license: license)
            #expect(response.status == 401)
            #expect(response.header("content-type") == "application/problem+json")
            #expect(!response.text.contains("SECRET"))
            #expect(!response.text.contains(license))
        }
        // An unknown administration answers as a wrong code does.
        #expect(try sandbox.upload("orders-2026-03-01.xml", xml, tenant: 999_999).status == 401)
        let listed = try sandbox.call("GET", sandbox.files(), bearer: AsperionSandboxProcess.license, tenant: nil)
        #expect(listed.status == 200)
        #expect(try JSON.list(try JSON.object(listed), "files").isEmpty)
    }

    @Test func unknownPathsAndWritesAreProblems() throws {
        let sandbox = try AsperionSandboxProcess()
        let unknown = try sandbox.call("GET", "\(sandbox.api)/salesinvoices/4711")
        #expect(unknown.status == 404)
        #expect(unknown.header("content-type") == "application/problem+json")
        #expect(try JSON.object(unknown)["detail"] as? String == "Sales invoice 4711 was not found")
        let write = try sandbox.call(
            "POST", "\(sandbox.api)/salesinvoiceswithlines?validateOnly=true", body: Data("{}".utf8))
        #expect(write.status == 405)
        #expect(try sandbox.call("GET", "\(sandbox.api)/nothing").status == 404)
        let badPage = try sandbox.call("GET", "\(sandbox.api)/salesinvoices?pageSize=1000")
        #expect(badPage.status == 400)
        let errors = try #require(try JSON.object(badPage)["errors"] as? [String: [String]])
        #expect(errors["pageSize"] != nil)
    }
}
