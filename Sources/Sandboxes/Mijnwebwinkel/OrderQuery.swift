/// The filters of `GET /v1/orders` and `/v1/orders/count` [SPEC `getOrders`, `getOrderCount`; §1.3].
struct OrderQuery {
    var limit = 10
    var offset = 0
    var startDate: String?
    var endDate: String?
    var statusChangedStart: String?
    var statusChangedEnd: String?
    var statusID: Int?
    var archived: Bool?
    var test = false
    var debtorEmail: String?
    var debtorID: String?
    var descending = false

    /// Reads the query; 400 for a value of the wrong form. `limit` above 100 is clamped to 100: the spec
    /// gives the maximum but not what happens above it [Guess, §1.9 and §5 recommend clamping].
    init(_ query: [String: String], paged: Bool) throws(MijnwebwinkelProblem) {
        func whole(_ name: String) throws(MijnwebwinkelProblem) -> Int? {
            guard let text = query[name] else { return nil }
            guard let value = Int(text) else { throw .badRequest("\(name) must be a whole number") }
            return value
        }
        func flag(_ name: String) throws(MijnwebwinkelProblem) -> Bool? {
            guard let text = query[name] else { return nil }
            switch text.lowercased() {
            case "true", "1": return true
            case "false", "0": return false
            default: throw .badRequest("\(name) must be true or false")
            }
        }
        func date(_ name: String) throws(MijnwebwinkelProblem) -> String? {
            guard let text = query[name] else { return nil }
            guard SandboxClock.isDate(text) else { throw .badRequest("\(name) must be YYYY-MM-DD") }
            return text
        }
        func stamp(_ name: String) throws(MijnwebwinkelProblem) -> String? {
            guard let text = query[name] else { return nil }
            guard let normal = SandboxClock.normalize(text) else { throw .badRequest("\(name) must be yyyy-mm-dd hh:mm:ss") }
            return normal
        }
        if paged {
            if let limit = try whole("limit") {
                guard limit >= 0 else { throw .badRequest("limit must not be negative") }
                self.limit = min(limit, 100)
            }
            if let offset = try whole("offset") {
                guard offset >= 0 else { throw .badRequest("offset must not be negative") }
                self.offset = offset
            }
            switch query["ordering"] {
            case nil, "asc": descending = false
            case "desc": descending = true
            default: throw .badRequest("ordering must be asc or desc")
            }
            debtorEmail = query["debtor_email"]
            debtorID = query["debtor_id"]
        }
        startDate = try date("start_date")
        endDate = try date("end_date")
        statusChangedStart = try stamp("status_changed_start_date")
        statusChangedEnd = try stamp("status_changed_end_date")
        statusID = try whole("status_id")
        archived = try flag("archived")
        test = try flag("test") ?? false
    }

    /// Both bounds inclusive [Guess: the spec says "minimum" and "maximum"].
    func matches(_ order: SandboxOrder) -> Bool {
        if order.test && !test { return false }
        if let startDate, order.date < startDate { return false }
        if let endDate, order.date > endDate { return false }
        if let statusChangedStart, order.statusChanged < statusChangedStart { return false }
        if let statusChangedEnd, order.statusChanged > statusChangedEnd { return false }
        if let statusID, order.status != statusID { return false }
        if let archived, order.archived != archived { return false }
        // debtor_email and debtor_id are OR-combined when both are given [SPEC].
        if debtorEmail != nil || debtorID != nil {
            let byEmail = debtorEmail.map { $0.lowercased() == order.debtorEmail?.lowercased() } ?? false
            let byID = debtorID.map { $0 == order.debtorID } ?? false
            if !byEmail && !byID { return false }
        }
        return true
    }

    /// The matching orders sorted by number [SPEC `ordering`], one page of them.
    func page(of orders: [SandboxOrder]) -> [SandboxOrder] {
        var matching = orders.filter(matches)
        if descending { matching.reverse() }
        guard offset < matching.count else { return [] }
        return Array(matching[offset..<min(matching.count, offset + limit)])
    }
}
