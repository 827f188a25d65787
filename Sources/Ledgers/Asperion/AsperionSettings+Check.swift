import AXML

extension AsperionSettings {
    /// What is wrong with these settings, for the dashboard and `koppel config ledger` to show
    /// before a file is made: a run hour outside the day, a payment code the aXML schema's
    /// `PaymentCode` would refuse (checked by the schema itself, so a correction there applies here).
    /// An empty code is no code: that method is written without one.
    public var problems: [String] {
        var problems: [String] = []
        if !(0...23).contains(runHour) {
            problems.append("the run hour must be 0 to 23, not \(runHour)")
        }
        let type = AXMLSchema.element(.paymentCode).type
        for (method, code) in paymentCodes.sorted(by: { $0.key < $1.key }) where !code.isEmpty {
            if let problem = type.problem(code) {
                problems.append("the Asperion payment code for \"\(method)\" \(problem)")
            }
        }
        return problems
    }
}
