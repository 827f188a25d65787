import Foundation
import Testing

@testable import StrictJSON

/// RFC 8259 JSON is taken; what it forbids, and what readers would read differently, is refused
/// with its reason, byte offset and path.
struct StrictJSONTests {
    struct Refusal: CustomTestStringConvertible, Sendable {
        var text: [UInt8]
        var reason: JSONSyntaxError.Reason
        var offset: Int
        var path: String = ""

        init(_ text: String, _ reason: JSONSyntaxError.Reason, at offset: Int, path: String = "") {
            self.init(bytes: Array(text.utf8), reason, at: offset, path: path)
        }

        init(bytes: [UInt8], _ reason: JSONSyntaxError.Reason, at offset: Int, path: String = "") {
            self.text = bytes
            self.reason = reason
            self.offset = offset
            self.path = path
        }

        var testDescription: String { String(decoding: text.prefix(60), as: UTF8.self) }
    }

    static let accepted: [String] = [
        "{}", "[]", " [ ] ", "\"\"", "0", "-0", "-0.0e-0", "1E+2", "12.5e-3", "true", "false", " null ",
        "{\"a\":[1,2,{\"b\":null}],\"c\":{}}",
        "\"\\\" \\\\ \\/ \\b \\f \\n \\r \\t \\u0041 \\u00e9 \\uD834\\uDD1E\"",
        "\"é € 𝄞 \u{FFFF}\"",
        "\"\\u0000\"",
        "{\"a\":1,\"A\":2,\"a \":3}",
        "{\"orders\":[{\"order_id\":1},{\"order_id\":1}]}",
        "[1e300, -9.99e300, 1e-300, 0.0001e-296, 0e99999, -0.000e-400, 123456789012345678901234567890]",
        "\t\r\n{\t\r\n\"a\"\t\r\n:\t\r\n1\t\r\n}\t\r\n",
        String(repeating: "[", count: 64) + String(repeating: "]", count: 64),
    ]

    @Test(arguments: accepted)
    func takesJSON(_ text: String) throws {
        try StrictJSON.validate(Data(text.utf8))
        // Foundation reads all of it too: the check never refuses less than the decoder behind it.
        _ = try JSONSerialization.jsonObject(with: Data(text.utf8), options: .fragmentsAllowed)
    }

    static let refused: [Refusal] = [
        // What Foundation's decoder took before: the first of two keys, a trailing comma.
        Refusal(
            "{\"orders\":[{\"order_id\":9101,\"order_id\":9102}]}", .duplicateKey, at: 28, path: "orders[0].order_id"),
        Refusal("{\"orders\":[1,]}", .trailingComma, at: 12, path: "orders"),
        Refusal("{\"orders\":[1,2,]}", .trailingComma, at: 14, path: "orders"),
        Refusal("{\"a\":1,}", .trailingComma, at: 6),
        Refusal("[1,\n]", .trailingComma, at: 2),
        // The same key spelled two ways.
        Refusal("{\"ab\":1,\"a\\u0062\":2}", .duplicateKey, at: 8, path: "ab"),
        Refusal("{\"\\u00e9\":1,\"e\\u0301\":2}", .duplicateKey, at: 12, path: "é"),
        Refusal("{\"x\":{\"é\":1,\"e\u{301}\":2}}", .duplicateKey, at: 13, path: "x.é"),
        // Beyond RFC 8259.
        Refusal("", .empty, at: 0),
        Refusal(bytes: [0xEF, 0xBB, 0xBF] + Array("{}".utf8), .byteOrderMark, at: 0),
        Refusal("{\"a\":1 /* note */}", .comment, at: 7),
        Refusal("// note\n{}", .comment, at: 0),
        Refusal("{} // note", .comment, at: 3),
        Refusal("{\"a\":NaN}", .nonFiniteNumber, at: 5, path: "a"),
        Refusal("[Infinity]", .nonFiniteNumber, at: 1, path: "[0]"),
        Refusal("[1,-Infinity]", .nonFiniteNumber, at: 3, path: "[1]"),
        Refusal("{\"a\":01}", .leadingZero, at: 5, path: "a"),
        Refusal("-012", .leadingZero, at: 0),
        Refusal("[00]", .leadingZero, at: 1, path: "[0]"),
        Refusal("[1.]", .incompleteNumber, at: 1, path: "[0]"),
        Refusal("[-]", .incompleteNumber, at: 1, path: "[0]"),
        Refusal("[1e]", .incompleteNumber, at: 1, path: "[0]"),
        Refusal("[1E+]", .incompleteNumber, at: 1, path: "[0]"),
        Refusal("[.5]", .expected("a JSON value"), at: 1, path: "[0]"),
        Refusal("[+1]", .expected("a JSON value"), at: 1, path: "[0]"),
        Refusal("{\"orders\":[{\"store_id\":1e400}]}", .numberOutOfRange, at: 23, path: "orders[0].store_id"),
        Refusal("[1e301]", .numberOutOfRange, at: 1, path: "[0]"),
        Refusal("[-1e-400]", .numberOutOfRange, at: 1, path: "[0]"),
        Refusal("[0.0001e-297]", .numberOutOfRange, at: 1, path: "[0]"),
        Refusal("[1" + String(repeating: "0", count: 301) + "]", .numberOutOfRange, at: 1, path: "[0]"),
        Refusal("[1e99999999999999999999999]", .numberOutOfRange, at: 1, path: "[0]"),
        Refusal("{\"a\":\"x\ty\"}", .controlCharacter, at: 7, path: "a"),
        Refusal("[\"x\ny\"]", .controlCharacter, at: 3, path: "[0]"),
        Refusal(bytes: Array("[\"x".utf8) + [0x00] + Array("\"]".utf8), .controlCharacter, at: 3, path: "[0]"),
        Refusal("[\"\\x\"]", .invalidEscape, at: 2, path: "[0]"),
        Refusal("[\"\\'\"]", .invalidEscape, at: 2, path: "[0]"),
        Refusal("[\"\\u12\"]", .invalidEscape, at: 2, path: "[0]"),
        Refusal("[\"\\u12G4\"]", .invalidEscape, at: 2, path: "[0]"),
        Refusal("[\"\\uD800\"]", .unpairedSurrogate, at: 2, path: "[0]"),
        Refusal("[\"\\uDC00\\uD800\"]", .unpairedSurrogate, at: 2, path: "[0]"),
        Refusal("[\"\\uD800\\u0041\"]", .unpairedSurrogate, at: 2, path: "[0]"),
        Refusal("{\"k\\uDBFFx\":1}", .unpairedSurrogate, at: 3),
        Refusal("{\"a\":{\"k\\uD800\":1}}", .unpairedSurrogate, at: 8, path: "a"),
        Refusal(bytes: Array("[\"".utf8) + [0xFF] + Array("\"]".utf8), .invalidUTF8, at: 2, path: "[0]"),
        Refusal(bytes: Array("[\"".utf8) + [0x80] + Array("\"]".utf8), .invalidUTF8, at: 2, path: "[0]"),
        Refusal(bytes: Array("[\"".utf8) + [0xC0, 0x80] + Array("\"]".utf8), .invalidUTF8, at: 2, path: "[0]"),
        Refusal(bytes: Array("[\"".utf8) + [0xE0, 0x80, 0x80] + Array("\"]".utf8), .invalidUTF8, at: 2, path: "[0]"),
        Refusal(bytes: Array("[\"".utf8) + [0xED, 0xA0, 0x80] + Array("\"]".utf8), .invalidUTF8, at: 2, path: "[0]"),
        Refusal(
            bytes: Array("[\"".utf8) + [0xF4, 0x90, 0x80, 0x80] + Array("\"]".utf8), .invalidUTF8, at: 2, path: "[0]"),
        Refusal(bytes: Array("[\"".utf8) + [0xE2, 0x82] + Array("\"]".utf8), .invalidUTF8, at: 2, path: "[0]"),
        Refusal(bytes: Array("[\"".utf8) + [0xE2, 0x82], .invalidUTF8, at: 2, path: "[0]"),
        Refusal(bytes: Array("{\"o".utf8) + [0xFF, 0xFE] + Array("\":1}".utf8), .invalidUTF8, at: 3),
        Refusal(
            bytes: Array("[1,".utf8) + [0xC2, 0xA0] + Array("2]".utf8), .expected("a JSON value"), at: 3, path: "[1]"),
        Refusal(
            String(repeating: "[", count: 65) + String(repeating: "]", count: 65), .tooDeep, at: 64,
            path: String(repeating: "[0]", count: 64)),
        Refusal(
            "{\"a\":" + String(repeating: "{\"b\":", count: 64) + "1" + String(repeating: "}", count: 65),
            .tooDeep, at: 5 + 63 * 5, path: "a" + String(repeating: ".b", count: 63)),
        Refusal("{} x", .trailingContent, at: 3),
        Refusal("{}{}", .trailingContent, at: 2),
        Refusal("1 2", .trailingContent, at: 2),
        Refusal("{'a':1}", .expected("a key in double quotes"), at: 1),
        Refusal("{\"a\" 1}", .expected("':' after the key"), at: 5),
        Refusal("{\"a\":1 \"b\":2}", .expected("',' or '}'"), at: 7),
        Refusal("[1 2]", .expected("',' or ']'"), at: 3),
        Refusal("[,1]", .expected("a JSON value"), at: 1, path: "[0]"),
        Refusal("[tru]", .expected("true, false or null"), at: 1, path: "[0]"),
        Refusal("[True]", .expected("a JSON value"), at: 1, path: "[0]"),
        Refusal("\u{0C}{}", .expected("a JSON value"), at: 0),
        Refusal("{\"a\":", .unexpectedEnd, at: 5, path: "a"),
        Refusal("[1", .unexpectedEnd, at: 2),
        Refusal("{\"a\":\"abc", .unexpectedEnd, at: 5, path: "a"),
        Refusal("{\"a\"", .unexpectedEnd, at: 4),
        Refusal("[\"\\", .unexpectedEnd, at: 2, path: "[0]"),
        Refusal("[-", .unexpectedEnd, at: 1, path: "[0]"),
        Refusal("[1.", .unexpectedEnd, at: 1, path: "[0]"),
    ]

    @Test(arguments: refused)
    func refusesWithReasonPlaceAndPath(_ refusal: Refusal) {
        do {
            try StrictJSON.validate(Data(refusal.text))
            Issue.record("accepted")
        } catch {
            #expect(error.reason == refusal.reason)
            #expect(error.offset == refusal.offset)
            #expect(error.path == refusal.path)
        }
    }

    @Test func aDuplicateAmongManyKeysIsFoundToo() throws {
        let members = (0..<500).map { "\"key\($0)\":\($0)" }
        try StrictJSON.validate(Data(("{" + members.joined(separator: ",") + "}").utf8))
        let twice = "{" + (members + ["\"key7\":0"]).joined(separator: ",") + "}"
        #expect(throws: JSONSyntaxError(.duplicateKey, at: twice.utf8.count - 9).within(.key("key7"))) {
            try StrictJSON.validate(Data(twice.utf8))
        }
        let spelledOtherwise = "{" + (members + ["\"key\\u0037\":0"]).joined(separator: ",") + "}"
        #expect(throws: JSONSyntaxError.self) { try StrictJSON.validate(Data(spelledOtherwise.utf8)) }
    }

    @Test func keysOfNestedObjectsAreTheirOwn() throws {
        try StrictJSON.validate(Data("{\"a\":{\"a\":{\"a\":1}},\"b\":{\"a\":2},\"c\":[{\"a\":1},{\"a\":2}]}".utf8))
    }

    @Test func theMessageSaysWhatAndWhereWithoutTheValue() throws {
        do {
            try StrictJSON.validate(Data("{\"orders\":[{\"total\":\"4080\",\"store_id\":1e999}]}".utf8))
            Issue.record("accepted")
        } catch {
            #expect(error.path == "orders[0].store_id")
            #expect(
                error.message == "the number is out of range (magnitudes from 1e-300 to below 1e301, or 0) (at byte 38)"
            )
            #expect(!error.message.contains("999"))
        }
    }

    @Test func aHugeKeyIsCutInThePath() throws {
        let key = String(repeating: "k", count: 10_000)
        do {
            try StrictJSON.validate(Data("{\"\(key)\":1,\"\(key)\":2}".utf8))
            Issue.record("accepted")
        } catch {
            #expect(error.reason == .duplicateKey)
            #expect(error.path == String(repeating: "k", count: 63) + "…")
        }
    }
}
