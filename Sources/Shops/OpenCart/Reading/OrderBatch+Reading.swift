import Foundation

extension PushDecoding {
    /// The body of `POST /api/v1/orders` in one pass over its bytes once `StrictJSON` has accepted
    /// them: the same values and the same refusals as `referenceOrderBatch(from:)`, which reads
    /// through `JSONDecoder` and the Codable types, at a fraction of the cost.
    public static func orderBatch(from body: Data) throws(PushRejection) -> OrderBatch {
        let batch = try unvalidatedOrderBatch(from: body)
        do { try batch.validate() } catch { throw .invalidField(error) }
        return batch
    }

    /// Checked and read, not validated: `orderBatch(from:)` without its last step, so that
    /// `koppel-bench stages` can time the steps apart.
    public static func unvalidatedOrderBatch(from body: Data) throws(PushRejection) -> OrderBatch {
        try checkStrictly(body)
        let outcome = body.withUnsafeBytes { raw in
            var reader = PushReader(bytes: raw.bindMemory(to: UInt8.self))
            return Result { () throws(ReadFailure) in try OrderBatch(reading: &reader) }
        }
        switch outcome {
        case .success(let batch): return batch
        case .failure(let failure): throw failure.rejection(body: body)
        }
    }
}

extension OrderBatch {
    private static let keys = KeyTable("source", "orders")

    init(reading reader: inout PushReader) throws(ReadFailure) {
        var source: PushSource?
        var orders: [PushedOrder] = []
        try reader.object(Self.keys, required: 0b10) { position, reader throws(ReadFailure) in
            switch position {
            case 0:
                source = try reader.optionalObject { reader throws(ReadFailure) in try PushSource(reading: &reader) }
            default: orders = try reader.array { reader throws(ReadFailure) in try PushedOrder(reading: &reader) }
            }
        }
        self.init(source: source, orders: orders)
    }
}

extension PushSource {
    private static let keys = KeyTable("platform", "version", "extension_version")

    init(reading reader: inout PushReader) throws(ReadFailure) {
        var platform = ""
        var version: String?
        var extensionVersion: String?
        try reader.object(Self.keys, required: 0b1) { position, reader throws(ReadFailure) in
            switch position {
            case 0: platform = try reader.string()
            case 1: version = try reader.optionalString()
            default: extensionVersion = try reader.optionalString()
            }
        }
        self.init(platform: platform, version: version, extensionVersion: extensionVersion)
    }
}
