import Foundation

enum CustomFieldColumn {
    /// `custom_field` columns hold `{"1":"NL123456789B01"}` (a checkbox field a list of strings),
    /// or `[]` when empty (PHP's empty array): nil then. Values are HTML-decoded; a number
    /// becomes its text and a null is left out, as in the extension. Where the extension finds
    /// no JSON object it sends no custom fields, and neither does this.
    ///
    /// OpenCart 4.0.2.3's storefront writes two more shapes (seen in the corpus, `storefront-*`):
    /// - a guest's fields grouped by location, `{"account":{"1":""}}`: checkout/register.save keeps
    ///   the form's `custom_field[location][id]` as it is. A key that is not a number holding an
    ///   object or list is such a group, and its entries are fields; fields at the top come first,
    ///   then the groups in key order, the first of an id kept.
    /// - a logged-in customer's fields as a JSON string holding the object, `"{\"1\":\"\"}"`:
    ///   account/login keeps the customer row's `custom_field` text in the session and
    ///   model/checkout/order addOrder encodes it once more. The string's object is read.
    static func fields(_ json: String) -> [String: CustomFieldValue]? {
        var json = phpTrim(json)
        if json.hasPrefix("\""), let inner = try? JSONDecoder().decode(String.self, from: Data(json.utf8)) {
            json = phpTrim(inner)
        }
        guard json.hasPrefix("{"),
            let object = try? JSONDecoder().decode([String: ExportedValue].self, from: Data(json.utf8))
        else { return nil }
        var fields: [String: CustomFieldValue] = [:]
        var groups: [(String, [(String, ExportedValue)])] = []
        for (id, value) in object {
            switch value {
            case .object(let items) where !isFieldID(id): groups.append((id, items.map { ($0.key, $0.value) }))
            case .list(let items) where !isFieldID(id):
                groups.append((id, items.enumerated().map { (String($0.offset), $0.element) }))
            default: if let field = field(value) { fields[id] = field }
            }
        }
        for (_, members) in groups.sorted(by: { $0.0 < $1.0 }) {
            for (id, value) in members where fields[id] == nil {
                if let field = field(value) { fields[id] = field }
            }
        }
        return fields.isEmpty ? nil : fields
    }

    static func field(_ value: ExportedValue) -> CustomFieldValue? {
        switch value {
        case .null: return nil
        case .list(let items): return .list(items.map { ($0.phpText ?? "").htmlDecoded })
        case .object(let items):
            // OpenCart writes lists; an object in their place is read as its values, by key.
            return .list(items.sorted { $0.key < $1.key }.map { ($0.value.phpText ?? "").htmlDecoded })
        default: return .text((value.phpText ?? "").htmlDecoded)
        }
    }

    static func isFieldID(_ key: String) -> Bool {
        !key.isEmpty && key.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
    }

    /// PHP's trim().
    static func phpTrim(_ text: String) -> String {
        text.trimmingCharacters(in: CharacterSet(charactersIn: " \t\n\r\0\u{0B}"))
    }
}
