import Foundation

/// The headers of one page of a list: `X-Total-Count` and the `Link` to the neighbouring pages.
enum PageLinks {
    static func headers(_ request: APIRequest, page: Int, perPage: Int, total: Int) -> [(String, String)] {
        func link(_ number: Int, _ rel: String) -> String {
            var query = request.query
            query["page"] = String(number)
            query["per_page"] = String(perPage)
            let text = query.sorted { $0.key < $1.key }
                .map {
                    "\($0.key)=\($0.value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? $0.value)"
                }
                .joined(separator: "&")
            return "<\(request.origin)\(request.rawPath)?\(text)>; rel=\"\(rel)\""
        }
        let (end, overflow) = page.multipliedReportingOverflow(by: perPage)
        var links: [String] = []
        if page > 1 { links.append(link(page - 1, "prev")) }
        if !overflow, end < total { links.append(link(page + 1, "next")) }
        var headers: [(String, String)] = [("X-Total-Count", String(total))]
        if !links.isEmpty { headers.append(("Link", links.joined(separator: ", "))) }
        return headers
    }
}

extension Array {
    /// One page of a list held in memory, with its `PageLinks` headers.
    func page(
        _ request: APIRequest, page: Int, perPage: Int
    ) -> (items: ArraySlice<Element>, headers: [(String, String)]) {
        let (skip, overflow) = (page - 1).multipliedReportingOverflow(by: perPage)
        let start = overflow ? count : Swift.min(skip, count)
        let end = start + Swift.min(perPage, count - start)
        return (self[start..<end], PageLinks.headers(request, page: page, perPage: perPage, total: count))
    }
}
