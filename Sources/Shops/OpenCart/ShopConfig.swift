import Foundation

/// The `setting` rows of store 0 as key → value, serialized (JSON) values decoded, in the order
/// of their first row: `Koppel\SettingsPayload::config` in the extension.
struct ShopConfig {
    private(set) var keys: [String] = []
    private var values: [String: ExportedValue] = [:]

    init(rows: [[String: String?]]) {
        for row in rows where (row.text("store_id").wholeNumber ?? 0) == 0 {
            let key = row.text("key")
            let value = row.text("value")
            let serialized = !["", "0"].contains(row.text("serialized"))
            var decoded = ExportedValue.text(value)
            if serialized {
                // A serialized value that is no JSON list or object reads as an empty list, as in PHP.
                switch try? JSONDecoder().decode(ExportedValue.self, from: Data(value.utf8)) {
                case .list(let items)?: decoded = .list(items)
                case .object(let fields)?: decoded = .object(fields)
                default: decoded = .list([])
                }
            }
            if values[key] == nil { keys.append(key) }
            values[key] = decoded
        }
    }

    func has(_ key: String) -> Bool {
        values[key] != nil
    }

    /// The value as text; "" when missing or not a scalar.
    func text(_ key: String) -> String {
        values[key]?.phpText ?? ""
    }

    /// A list of status ids (`config_processing_status`: `["5","1","2"]`), each id once.
    func ids(_ key: String) -> [Int64] {
        let items: [ExportedValue]
        switch values[key] {
        case .list(let list)?: items = list
        case .object(let object)?: items = object.sorted { $0.key < $1.key }.map(\.value)
        case let value?: items = [value]
        case nil: items = []
        }
        var ids: [Int64] = []
        for id in items.compactMap({ $0.phpText?.naturalNumber }) where !ids.contains(id) {
            ids.append(id)
        }
        return ids
    }
}
