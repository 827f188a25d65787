import Foundation
import FuzzSupport
import KoppelCore
import OpenCart

// The body of POST /api/v1/orders as koppel-fcgi reads it: the strict JSON check, the one-pass
// reader, the validation, then each order as the store keeps it. Properties: no crash; the reader
// ends as JSONDecoder through the Codable types ends (the same orders, or the same refusal); a
// refusal says what and where; an accepted order becomes a stored order whose canonical form has
// JSONEncoder's bytes, and that form reads back as the same order.

@_cdecl("fuzz_order_push_main")
public func entry(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    Fuzz.run(argc, argv, fuzzOrderPush)
}

@_cdecl("LLVMFuzzerInitialize")
public func initialize(_ argc: UnsafeMutableRawPointer?, _ argv: UnsafeMutableRawPointer?) -> CInt {
    Seeds.writeIfAsked {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var orders: [PushedOrder] = []
        var seeds: [(name: String, data: Data)] = []
        for file in try PushFixtures.orderExports() {
            let rows = try JSONDecoder().decode(OrderRows.self, from: Data(contentsOf: file))
            let order = try rows.pushedOrder(defaults: .init(timezone: "Europe/Amsterdam"))
            orders.append(order)
            seeds.append((Seeds.name(for: file, prefix: "batch-"), try encoder.encode(OrderBatch(orders: [order]))))
        }
        let source = PushSource(platform: "opencart", version: "4.0.2.3", extensionVersion: "1.0.0")
        let pair = OrderBatch(source: source, orders: Array(orders.prefix(2)))
        seeds.append(("batch-of-two.json", try encoder.encode(pair)))
        return seeds
    }
    return 0
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOrderPush(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let body = Fuzz.data(start, count)
    let reference = Result { () throws(PushRejection) in try PushDecoding.referenceOrderBatch(from: body) }
    let batch: OrderBatch
    do {
        batch = try PushDecoding.orderBatch(from: body)
        let same = (try? reference.get()).map { $0.source == batch.source && $0.orders == batch.orders } ?? false
        Fuzz.check(same, "the reader accepts what the reference reads otherwise: \(reference)")
    } catch {
        if case .failure(let expected) = reference {
            Fuzz.check(
                error == expected || namesAnotherOfTheSameCustomFields(error, expected),
                "the reader refuses as \(error), the reference as \(expected)")
        } else {
            Fuzz.check(false, "the reader refuses what the reference accepts: \(error)")
        }
        switch error {
        case .malformedJSON(let message, let field):
            Fuzz.check(
                !message.isEmpty && field?.isEmpty != true, "malformed JSON without message or with an empty field")
        case .invalidField(let fieldError):
            Fuzz.check(
                !fieldError.field.isEmpty && !fieldError.message.isEmpty, "an invalid field without name or message")
        }
        return 0
    }
    Fuzz.check(
        (1...OrderBatch.maximumCount).contains(batch.orders.count), "a batch of \(batch.orders.count) orders accepted")
    for order in batch.orders {
        let stored: IncomingOrder
        do {
            stored = try order.incoming()
        } catch {
            Fuzz.check(false, "an accepted order cannot be stored: \(error)")
            return 0
        }
        Fuzz.check(
            (try? order.referenceCanonicalJSON()) == stored.canonicalJSON, "the canonical form is not JSONEncoder's")
        let again = Data(#"{"orders":["#.utf8) + stored.canonicalJSON + Data("]}".utf8)
        do {
            let reread = try PushDecoding.orderBatch(from: again)
            Fuzz.check(reread.orders == [order], "the stored form reads back as another order")
        } catch {
            Fuzz.check(false, "the stored form of an accepted order is refused: \(error)")
        }
    }
    return 0
}

/// Both refuse a value of one `custom_field` object for the same reason, naming different ids: the
/// reader names the first in the body, JSONDecoder one in a Swift dictionary's order.
func namesAnotherOfTheSameCustomFields(_ one: PushRejection, _ another: PushRejection) -> Bool {
    guard case .invalidField(let one) = one, case .invalidField(let another) = another, one.message == another.message,
        let range = one.field.range(of: ".custom_field.")
    else { return false }
    return another.field.hasPrefix(one.field[..<range.upperBound])
}
