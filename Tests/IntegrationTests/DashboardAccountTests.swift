import Crypto
import Foundation
import GRDB
import KoppelCore
import KoppelHTTP
import KoppelStore
import Testing

/// The dashboard's accounts through the real wire: `koppel user` as a process, koppel-web behind
/// nginx, the session kept in the SQLite file.
@Suite struct DashboardAccountTests {
    static let password = "Correct-Horse-2026"

    @Test func operatorsMakeAccountsAndAttachConnections() throws {
        let stack = try Stack()
        let short = try runProgram(
            "koppel", ["user", "add", "eigenaar@example.nl"], input: "kort-123\n", environment: stack.environment)
        #expect(short.status != 0)
        #expect(short.errors.contains("at least 12 characters"), "\(short.errors)")

        try stack.addUser("eigenaar@example.nl", password: Self.password, licenses: [stack.license])
        let again = try runProgram(
            "koppel", ["user", "add", "Eigenaar@Example.nl"], input: Self.password + "\n",
            environment: stack.environment)
        #expect(again.status != 0)
        #expect(again.errors.contains("has an account already"), "\(again.errors)")
        let unknown = try runProgram(
            "koppel", ["user", "attach", "eigenaar@example.nl", "KPL-NOPE"], environment: stack.environment)
        #expect(unknown.status != 0)

        let list = try runProgram("koppel", ["user", "list"], environment: stack.environment)
        #expect(list.output.contains("eigenaar@example.nl  \(stack.license)"), "\(list.output)")
        // Only the scrypt hash is kept, with the parameters of docs/dashboard.md.
        let stored = try stack.database.pool.read { db in
            try String.fetchOne(db, sql: "SELECT password_hash FROM app_user")
        }
        #expect(stored?.hasPrefix("scrypt$32768$8$1$") == true)
        #expect(stored?.contains(Self.password) == false)
    }

    @Test func aLoginSetsACookieTheServerKeepsOnlyHashed() throws {
        let stack = try Stack()
        let web = try KoppelWebProcess(stack)
        defer { withExtendedLifetime(web) {} }
        try stack.addUser("eigenaar@example.nl", password: Self.password, licenses: [stack.license])
        var client = DashboardClient(stack)

        let wrongPassword = try client.login("eigenaar@example.nl", "Wrong-Horse-2026")
        let unknownUser = try client.login("niemand@example.nl", Self.password)
        #expect(wrongPassword.status == 401)
        // The same answer: nobody learns which e-mail addresses have an account.
        #expect(wrongPassword.text == unknownUser.text)
        #expect(unknownUser.status == 401)
        #expect(wrongPassword.header("set-cookie") == nil)

        let response = try client.login("eigenaar@example.nl", Self.password)
        #expect(response.status == 200, "\(response.text)")
        let setCookie = try #require(response.header("set-cookie"))
        for attribute in ["HttpOnly", "Secure", "SameSite=Strict", "Path=/app"] {
            #expect(setCookie.contains(attribute), "\(setCookie)")
        }
        let cookie = try #require(client.cookie)
        #expect(cookie.count >= 43)
        let hashes = try stack.database.pool.read { db in
            try Data.fetchAll(db, sql: "SELECT token_hash FROM web_session")
        }
        #expect(hashes == [Data(SHA256.hash(data: Data(cookie.utf8)))])

        let session = try answerObject(try client.call("GET", "session"))
        #expect((session["user"] as? [String: Any])?["email"] as? String == "eigenaar@example.nl")
        #expect(session["csrf_token"] as? String == client.csrfToken)
        let connections = try #require(session["connections"] as? [[String: Any]])
        #expect(connections.map { $0["license"] as? String } == [stack.license])
    }

    @Test func changesNeedTheSessionsCSRFToken() throws {
        let stack = try Stack()
        let web = try KoppelWebProcess(stack)
        defer { withExtendedLifetime(web) {} }
        try stack.addUser("eigenaar@example.nl", password: Self.password, licenses: [stack.license])
        var client = DashboardClient(stack)
        #expect(try client.login("eigenaar@example.nl", Self.password).status == 200)
        var other = DashboardClient(stack)
        #expect(try other.login("eigenaar@example.nl", Self.password).status == 200)

        let missing = try client.call("POST", "logout", sendCSRF: false)
        #expect(missing.status == 403)
        #expect(try (answerObject(missing)["error"] as? [String: Any])?["code"] as? String == "csrf_token_invalid")
        // Another session's token is no good either.
        #expect(
            try client.call("POST", "logout", sendCSRF: false, headers: [("X-CSRF-Token", other.csrfToken ?? "")])
                .status == 403)
        #expect(try client.call("POST", "logout", sendCSRF: false, headers: [("X-CSRF-Token", "")]).status == 403)
        #expect(try client.call("GET", "session").status == 200)

        let logout = try client.call("POST", "logout")
        #expect(logout.status == 200)
        #expect(logout.header("set-cookie")?.contains("Max-Age=0") == true)
        #expect(try client.call("GET", "session").status == 401)
        #expect(try other.call("GET", "session").status == 200)
    }

    @Test func forgedAndExpiredSessionsAreRefused() throws {
        let stack = try Stack()
        let web = try KoppelWebProcess(stack)
        defer { withExtendedLifetime(web) {} }
        try stack.addUser("eigenaar@example.nl", password: Self.password, licenses: [stack.license])
        var forged = DashboardClient(stack)
        forged.cookie = "bm90LWEtc2Vzc2lvbi1qdXN0LWEtZ3Vlc3MtMDEyMzQ1Njc4OQ"
        #expect(try forged.call("GET", "session").status == 401)
        #expect(try forged.call("GET", "connections/\(stack.license)/booked").status == 401)

        // Idle for more than 2 hours.
        var idle = DashboardClient(stack)
        #expect(try idle.login("eigenaar@example.nl", Self.password).status == 200)
        try stack.database.pool.write { db in
            try db.execute(sql: "UPDATE web_session SET last_seen_at = last_seen_at - 7201")
        }
        #expect(try idle.call("GET", "session").status == 401)

        // In use all along, but started more than 12 hours ago.
        var old = DashboardClient(stack)
        #expect(try old.login("eigenaar@example.nl", Self.password).status == 200)
        #expect(try old.call("GET", "session").status == 200)
        try stack.database.pool.write { db in
            try db.execute(sql: "UPDATE web_session SET created_at = created_at - 43201")
        }
        let expired = try old.call("GET", "session")
        #expect(expired.status == 401)
        #expect(try (answerObject(expired)["error"] as? [String: Any])?["code"] as? String == "not_signed_in")
        #expect(
            try stack.database.pool.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM web_session") } == 0)
    }

    @Test func loginsAreLimitedPerAccountAndPerAddress() throws {
        let stack = try Stack()
        let web = try KoppelWebProcess(stack)
        defer { withExtendedLifetime(web) {} }
        try stack.addUser("eigenaar@example.nl", password: Self.password, licenses: [stack.license])
        try stack.addUser("boekhouder@example.nl", password: Self.password, licenses: [stack.license])
        var client = DashboardClient(stack)
        for _ in 0..<5 { #expect(try client.login("eigenaar@example.nl", "Wrong-Horse-2026").status == 401) }
        // Locked: even the right password is refused now, and the answer says for how long.
        let locked = try client.login("eigenaar@example.nl", Self.password)
        #expect(locked.status == 429)
        let retryAfter = try #require(Int(locked.header("retry-after") ?? ""))
        #expect((850...900).contains(retryAfter))
        #expect(try client.login("boekhouder@example.nl", Self.password).status == 200)

        // 20 failures from one address lock it for every account. The address is the one nginx
        // saw: an X-Real-IP the client sends changes nothing.
        for index in 0..<15 {
            var guesser = DashboardClient(stack)
            let response = try guesser.login(
                "gok\(index)@example.nl", "Wrong-Horse-2026", headers: [("X-Real-IP", "192.0.2.\(index)")])
            #expect(response.status == 401)
        }
        var fresh = DashboardClient(stack)
        #expect(try fresh.login("boekhouder@example.nl", Self.password).status == 429)
    }
}
