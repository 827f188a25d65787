import Foundation
import SandboxSupport

/// The paging of a list [C-one: GOASP `page, pageSize, fields, orderBy, metaOnly`] and the envelope
/// `{"_data": […], "_meta": {administrationId, nextPage, previousPage, totalCount, pageCount, self}}`
/// [C-one: GOASP]. Pages count from 1; `nextPage`/`previousPage`/`self` are paths with the query, null at
/// the ends [GUESS, each]. Query names are matched without regard to case [GUESS: GOASP spells the debtor
/// filters `CustomerNumber`, `Email`]. `fields` is accepted and ignored [sandbox choice].
struct AsperionListQuery {
    var page: Int
    var pageSize: Int
    var metaOnly: Bool
    /// The query as sent, names lowercased.
    var parameters: [String: String]

    init(_ query: [String: String], configuration: AsperionSandboxConfiguration) throws(AsperionProblem) {
        parameters = Dictionary(query.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { $1 })
        page = 1
        pageSize = configuration.defaultPageSize
        metaOnly = false
        if let text = parameters["page"] {
            guard let value = Int(text), value >= 1 else {
                throw .badRequest("page must be a whole number from 1", field: "page")
            }
            page = value
        }
        if let text = parameters["pagesize"] {
            guard let value = Int(text), (1...configuration.maximumPageSize).contains(value) else {
                throw .badRequest(
                    "pageSize must be a whole number from 1 to \(configuration.maximumPageSize)", field: "pageSize")
            }
            pageSize = value
        }
        if let text = parameters["metaonly"] {
            guard let value = ["true": true, "false": false][text.lowercased()] else {
                throw .badRequest("metaOnly must be true or false", field: "metaOnly")
            }
            metaOnly = value
        }
    }

    /// A YYYY-MM-DD filter, as its day number.
    func day(_ name: String) throws(AsperionProblem) -> Int? {
        guard let text = parameters[name.lowercased()] else { return nil }
        guard let day = AsperionBooks.dayNumber(text) else {
            throw .badRequest("\(name) must be a date YYYY-MM-DD", field: name)
        }
        return day
    }

    func whole(_ name: String) throws(AsperionProblem) -> Int? {
        guard let text = parameters[name.lowercased()] else { return nil }
        guard let value = Int(text) else { throw .badRequest("\(name) must be a whole number", field: name) }
        return value
    }

    func text(_ name: String) -> String? { parameters[name.lowercased()] }

    /// One page of `items` in the envelope; `path` is the list's path (`/v1/salesinvoices`).
    func envelope(_ items: [JSONValue], path: String, tenant: Int) -> JSONValue {
        let pageCount = max(1, (items.count + pageSize - 1) / pageSize)
        let page = items.dropFirst((self.page - 1) * pageSize).prefix(pageSize)
        let meta: JSONValue = .object([
            ("administrationId", .int(tenant)),
            ("nextPage", self.page < pageCount ? .string(link(path, page: self.page + 1)) : .null),
            ("previousPage", self.page > 1 ? .string(link(path, page: min(self.page - 1, pageCount))) : .null),
            ("totalCount", .int(items.count)),
            ("pageCount", .int(pageCount)),
            ("self", .string(link(path, page: self.page))),
        ])
        if metaOnly { return .object([("_meta", meta)]) }
        return .object([("_data", .array(Array(page))), ("_meta", meta)])
    }

    private func link(_ path: String, page: Int) -> String {
        var items = parameters.filter { $0.key != "page" && $0.key != "pagesize" }.sorted { $0.key < $1.key }.map {
            ($0.key, $0.value)
        }
        items.append(("page", String(page)))
        items.append(("pageSize", String(pageSize)))
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        let query = items.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: allowed) ?? $0.1)" }
            .joined(separator: "&")
        return "\(path)?\(query)"
    }
}
