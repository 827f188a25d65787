import Foundation
import KoppelCore
import Testing

struct SignatureTests {
    struct Vectors: Decodable {
        struct Vector: Decodable {
            var api_key, timestamp, method, path, body, signed_text, signature: String
        }
        var vectors: [Vector]
    }

    static let vectors: [Vectors.Vector] = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/signature-vectors.json")
        return try! JSONDecoder().decode(Vectors.self, from: Data(contentsOf: url)).vectors
    }()

    @Test func matchesTheProtocolVectors() {
        #expect(Self.vectors.count >= 3)
        for vector in Self.vectors {
            let body = Data(vector.body.utf8)
            #expect(RequestSignature.canonicalText(timestamp: vector.timestamp, method: vector.method, path: vector.path, body: body) == vector.signed_text)
            #expect(RequestSignature.sign(apiKey: vector.api_key, timestamp: vector.timestamp, method: vector.method, path: vector.path, body: body) == vector.signature)
            #expect(RequestSignature.isValid(header: vector.signature, apiKey: vector.api_key, timestamp: vector.timestamp, method: vector.method, path: vector.path, body: body))
        }
    }

    @Test func refusesAnyChangedPart() {
        let vector = Self.vectors[0]
        let body = Data(vector.body.utf8)
        func valid(key: String = vector.api_key, timestamp: String = vector.timestamp, method: String = vector.method,
                   path: String = vector.path, body: Data = body, header: String = vector.signature) -> Bool {
            RequestSignature.isValid(header: header, apiKey: key, timestamp: timestamp, method: method, path: path, body: body)
        }
        #expect(valid())
        #expect(!valid(key: vector.api_key + "x"))
        #expect(!valid(timestamp: "1795000001"))
        #expect(!valid(method: "PUT"))
        #expect(!valid(path: "/api/v1/settings"))
        #expect(!valid(body: Data("{\"orders\":[ ]}".utf8)))
        #expect(!valid(header: vector.signature.uppercased()))
        #expect(!valid(header: String(vector.signature.dropLast())))
        #expect(!valid(header: ""))
    }

    @Test func buildsTheThreeHeaders() {
        let headers = RequestSignature.headers(license: "KPL-A", apiKey: "abcdefghijklmno", method: "POST", path: "/api/v1/settings",
                                               body: Data("{\"store\":{\"name\":\"Café\"}}".utf8), timestamp: 1_700_000_000)
        #expect(headers.map(\.name) == ["X-Koppel-License", "X-Koppel-Timestamp", "X-Koppel-Signature"])
        #expect(headers[2].value == Self.vectors[2].signature)
    }

    @Test func comparesWholeStrings() {
        #expect(constantTimeEquals(Array("abc".utf8), Array("abc".utf8)))
        #expect(!constantTimeEquals(Array("abc".utf8), Array("abd".utf8)))
        #expect(!constantTimeEquals(Array("abc".utf8), Array("abcd".utf8)))
        #expect(!constantTimeEquals([], Array("a".utf8)))
        #expect(constantTimeEquals([], []))
    }

    @Test func acceptsTimestampsWithinFiveMinutes() {
        let window = TimestampWindow()
        #expect(window.acceptedSeconds("1000", now: 1300) == 1000)
        #expect(window.acceptedSeconds("1600", now: 1300) == 1600)
        #expect(window.acceptedSeconds("999", now: 1300) == nil)
        #expect(window.acceptedSeconds("1601", now: 1300) == nil)
        for bad in ["", "-5", "12a", "1e3", " 1300", "99999999999999999999"] {
            #expect(window.acceptedSeconds(bad, now: 1300) == nil, "\(bad)")
        }
    }
}
