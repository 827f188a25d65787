import Foundation
import KoppelCore

@testable import OpenCart

/// What a reading of an orders body ends in, comparable across the reader and the Codable reference.
enum PushOutcome: Equatable, CustomStringConvertible {
    case accepted(source: PushSource?, orders: [PushedOrder])
    case refused(PushRejection)

    static func reading(_ body: Data) -> PushOutcome {
        outcome { () throws(PushRejection) in try PushDecoding.orderBatch(from: body) }
    }

    static func reference(_ body: Data) -> PushOutcome {
        outcome { () throws(PushRejection) in try PushDecoding.referenceOrderBatch(from: body) }
    }

    private static func outcome(_ read: () throws(PushRejection) -> OrderBatch) -> PushOutcome {
        do {
            let batch = try read()
            return .accepted(source: batch.source, orders: batch.orders)
        } catch {
            return .refused(error)
        }
    }

    /// Both refuse a value of one `custom_field` object for the same reason, naming different ids:
    /// the reader names the first refused value in the body, `JSONDecoder` one in the order of
    /// a Swift dictionary, which changes from run to run (docs/protocol.md, "Errors").
    func namesAnotherOfTheSameCustomFields(as other: PushOutcome) -> Bool {
        guard case .refused(.invalidField(let one)) = self, case .refused(.invalidField(let another)) = other,
            one.message == another.message, let range = one.field.range(of: ".custom_field."),
            another.field.hasPrefix(one.field[..<range.upperBound])
        else { return false }
        return true
    }

    var description: String {
        switch self {
        case .accepted(let source, let orders):
            return "accepted \(orders.count) orders, source \(String(describing: source))"
        case .refused(.malformedJSON(let message, let field)): return "400 \(field ?? "-"): \(message)"
        case .refused(.invalidField(let error)): return "422 \(error.field): \(error.message)"
        }
    }
}

/// The order bodies of the fixtures: every order export in Tests/Fixtures/opencart and its corpus.
enum OrderBodies {
    static var files: [URL] {
        let corpus = Fixtures.folder.appendingPathComponent("corpus")
        let inCorpus = (try! FileManager.default.contentsOfDirectory(at: corpus, includingPropertiesForKeys: nil))
            .filter { $0.pathExtension == "json" && !$0.lastPathComponent.hasSuffix("-settings.json") }
        return Fixtures.orderFiles + inCorpus.sorted { $0.lastPathComponent < $1.lastPathComponent }
    }

    static func order(_ file: URL) throws -> PushedOrder {
        try JSONDecoder().decode(OrderRows.self, from: Data(contentsOf: file)).pushedOrder()
    }

    /// A batch as a tree the tests can bend and spell in several ways.
    static func tree(_ orders: [PushedOrder], source: PushSource? = nil) throws -> BentJSON {
        let data = try JSONEncoder().encode(OrderBatch(source: source, orders: orders))
        return BentJSON(try JSONSerialization.jsonObject(with: data))
    }
}
