import Foundation
import KoppelCore
import Testing

@testable import OpenCart

/// The one-pass reader and the Codable reference read every fixture order alike, in every spelling
/// a client may send, and write the same canonical bytes.
struct ReaderParityTests {
    static let spellings = [
        ("JSONEncoder", Spelling(escapesNonASCII: false, escapesEveryNthLetter: nil, spaced: false)),
        ("json_encode", Spelling(escapesNonASCII: true, escapesEveryNthLetter: nil, spaced: false)),
        ("spaced, letters escaped", Spelling(escapesNonASCII: true, escapesEveryNthLetter: 3, spaced: true)),
    ]

    @Test func everyFixtureOrderReadsAsTheReferenceReadsIt() throws {
        let files = OrderBodies.files
        #expect(files.count > 60)
        for file in files {
            let order = try OrderBodies.order(file)
            let tree = try OrderBodies.tree([order], source: PushSource(platform: "opencart", version: "4.0.2.3"))
            for (name, spelling) in Self.spellings {
                let body = Data(tree.text(spelling).utf8)
                let read = PushOutcome.reading(body)
                #expect(read == PushOutcome.reference(body), "\(file.lastPathComponent), \(name)")
                #expect(
                    read == .accepted(source: PushSource(platform: "opencart", version: "4.0.2.3"), orders: [order]))
            }
        }
    }

    @Test func aBatchOfAllFixtureOrdersReadsAlike() throws {
        // Each with its own id: a batch holds an order once.
        let orders = try OrderBodies.files.enumerated().map { position, file in
            var order = try OrderBodies.order(file)
            order.orderID = Int64(position + 1)
            return order
        }
        let body = try JSONEncoder().encode(OrderBatch(orders: orders))
        #expect(PushOutcome.reading(body) == PushOutcome.reference(body))
        #expect(PushOutcome.reading(body) == .accepted(source: nil, orders: orders))
    }

    @Test func everyFixtureOrderHasTheCanonicalBytesOfJSONEncoder() throws {
        for file in OrderBodies.files {
            let order = try OrderBodies.order(file)
            let canonical = order.canonicalJSON()
            #expect(canonical == (try order.referenceCanonicalJSON()), "\(file.lastPathComponent)")
            #expect(try order.incoming().contentDigest == IncomingOrder.digest(of: try order.referenceCanonicalJSON()))
        }
    }

    @Test func textsThatNeedEscapesAreWrittenAsJSONEncoderWritesThem() throws {
        var order = try OrderBodies.order(Fixtures.folder.appendingPathComponent("opencart3-order-1.json"))
        var controls = ""
        for value in 0..<0x20 { controls.unicodeScalars.append(Unicode.Scalar(UInt8(value))) }
        order.comment = controls + "\"quoted\" \\ a/b \u{7F} é e\u{301} 😀 \u{2028}\u{2029} \u{FEFF} \u{10FFFF}"
        order.customer.customField = ["10": .text("NL123"), "2": .list(["a", "\"b\""]), "1": .list([])]
        order.products[0].options = []
        order.history = []
        #expect(order.canonicalJSON() == (try order.referenceCanonicalJSON()))
    }

    /// The body is the same whichever way a client spells its strings: the canonical form is taken
    /// from the values, so escaping does not make a new version of an order.
    @Test func theSpellingOfABodyDoesNotChangeTheCanonicalForm() throws {
        let order = try OrderBodies.order(Fixtures.folder.appendingPathComponent("opencart4-order-1.json"))
        let tree = try OrderBodies.tree([order])
        var forms: Set<Data> = []
        for (_, spelling) in Self.spellings {
            let batch = try PushDecoding.orderBatch(from: Data(tree.text(spelling).utf8))
            forms.insert(batch.orders[0].canonicalJSON())
        }
        #expect(forms.count == 1)
    }

    /// Of several refused custom field values the first in the body is named (`JSONDecoder` named
    /// one in a Swift dictionary's order, which changes from run to run).
    @Test func theFirstRefusedCustomFieldInTheBodyIsNamed() throws {
        var tree = try OrderBodies.tree([try Fixtures.order("opencart3-order-1.json")])
        let customer: [BentJSON.Step] = [.key("orders"), .index(0), .key("customer"), .key("custom_field")]
        tree = tree.replacing(customer[...], with: .object([("7", .number("5")), ("3", .null), ("5", .bool(true))]))
        let body = Data(tree.text(ReaderParityTests.spellings[0].1).utf8)
        #expect(
            PushOutcome.reading(body)
                == .refused(
                    .invalidField(
                        FieldError(
                            field: "orders[0].customer.custom_field.7",
                            message: "must be a string or an array of strings"))))
        #expect(PushOutcome.reading(body).namesAnotherOfTheSameCustomFields(as: PushOutcome.reference(body)))
    }
}
